/**
 * The curated dictionary behind `verbose-phrase`: wordy English phrases and concise equivalents
 * that read grammatically wherever the wordy phrase does.
 *
 * Each entry was chosen so the replacement fits the same slot in a sentence: verbs replace verb
 * phrases of the same person and tense, prepositions replace prepositional phrases. Phrases that
 * change meaning with their context ("with respect to x" in maths, "a lot of" with countable
 * nouns, "is required to" in a passive) are deliberately absent. Flags narrow where an entry
 * applies:
 * - `nostart`: not at the start of a sentence ("The reason why X is Y" must not become "Why X is Y").
 * - `nobe`: not after a form of "be" or "as" ("are listed below" must not become "are below").
 * - `of`: before a determiner the replacement takes "of" ("the majority of the time" becomes
 *   "most of the time", "the majority of users" becomes "most users"); before a word that shows
 *   the phrase is literal ("enter a number of at least 5") it does not apply.
 * - `relative`: "that" must start a relative clause ("the text that I would like you to
 *   translate"), not follow a verb ("note that I would like you to answer").
 * - `noclause`: not before "of", "when", "that", "where" or "which" ("at the moment of writing").
 * - `ing`: only before an -ing form ("when you are reviewing" becomes "when reviewing").
 * - `bare`: only before a bare verb ("it is important that you are" must not become "you must are");
 *   the "do not" forms have entries of their own.
 * - `plural`: only before a plural count noun ("a wide range of tools" → "diverse tools"; not
 *   "a wide range of familiarity").
 * - `final`: only where the clause ends ("in the following manner:"), not before "where …".
 * - `subject`: only when the words before are plainly the verb's subject ("the code needs to be"),
 *   not a relative clause with an object gap ("the properties the system needs to be tunable").
 * - `verb`: only before a bare verb ("go ahead and list it" → "list it"; not "is going to the
 *   office", "go ahead and the rest").
 * - `approx`: only when "about", "approximately", "around" or "roughly" stands a few words before
 *   ("about twenty words or so" → "about twenty words"; a lone "or so" may be the only hedge).
 * - `unit`: only after a unit of length ("twenty words in length" → "twenty words"; not "vary in
 *   length").
 * - `entire`: only when "entire", "whole" or "all" stands a few words before ("read the entire
 *   email from start to finish"); alone the phrase may be the only word for it.
 * - `hedge`: not right after "that", "which" or "who" ("the simplest thing that could possibly work").
 * - `complement`: only before a preposition ("links that are relevant to" → "links relevant to";
 *   not "links that are relevant," → "links relevant,").
 * - `adjective`: only after an adjective ("formal in nature" → "formal"; not "found in nature").
 * - `frequency`: only where a frequency adverb stands: after an auxiliary or a form of "be" ("must
 *   at all times be" → "must always be"), or opening a sentence before a bare verb; not after an
 *   object ("keep that in mind at all times when writing" keeps its words).
 * - `number`: only before a number ("somewhere around 120 words" → "around 120 words").
 * - `object`: only before a determiner or pronoun ("read through the draft" → "read the draft").
 * - `negated`: only at a clause end within five words of "no", "not", "any", "never", "nothing",
 *   "none", "without" or "n't" ("do not change the code whatsoever." → "… the code.").
 * - `noto`: not before "to" or "for" ("whenever it is possible, reuse" → "whenever possible, reuse";
 *   not "if it is possible to reuse it").
 * An entry ending in "that" whose replacement drops it never applies where "that" is the subject
 * of the next verb ("the first time that happens").
 * Replacements that begin with a modal verb ("can", "must", …) are never applied after "to", a
 * modal or a negation, where a modal cannot follow ("will be able to" → "will can").
 */

export interface PhraseEntry {
  from: string;
  to: string;
  nostart?: boolean;
  nobe?: boolean;
  of?: boolean;
  noclause?: boolean;
  bare?: boolean;
  ing?: boolean;
  relative?: boolean;
  /**
   * The replacement at the start of a sentence or of a main clause after a leading subordinate
   * clause ("If a value is missing, you should set it to null"), where the words only wrap an
   * imperative: usually removal ("Make sure that you keep" → "Keep"). Applied only when a bare
   * verb follows. `to` still applies elsewhere, unless `openerOnly`.
   */
  opener?: string;
  /** The entry applies only at an opener position (`to` is then unused). */
  openerOnly?: boolean;
  /** A reduced relative clause: "that" must follow a noun (not a verb, conjunction or preposition). */
  reduced?: boolean;
  /** Not before a word that needs "of the" ("any of the above", "any of the following", "any of the three"). */
  noabove?: boolean;
  /** Not after a preposition ("in the way that" must not become "in how"). */
  noprep?: boolean;
  /** Only before a plural count noun. */
  plural?: boolean;
  /** Only at the end of a clause (before ":", ".", a line end). */
  final?: boolean;
  /** Only when the preceding words are plainly the verb's subject. */
  subject?: boolean;
  /** Only before a bare verb. */
  verb?: boolean;
  /** Only when an approximating word ("about", "approximately") stands a few words before. */
  approx?: boolean;
  /** Only after a unit of length ("words", "sentences", "page"). */
  unit?: boolean;
  /** Only after an adjective (by its suffix). */
  adjective?: boolean;
  /** Not in a relative clause ("the simplest thing that could possibly work": after a superlative the adverb is emphasis). */
  hedge?: boolean;
  /** Only when "entire", "whole" or "all" stands a few words before ("the entire email from start to finish"). */
  entire?: boolean;
  /** Only when a preposition follows (a reduced relative's complement: "tasks available for use"). */
  complement?: boolean;
  /** Only where a frequency adverb stands: after an auxiliary or "be", or opening a sentence before a bare verb. */
  frequency?: boolean;
  /** Only before a number ("somewhere around 120 words"). */
  number?: boolean;
  /** Only before a determiner or pronoun that opens the object ("read through the draft", not "read through."). */
  object?: boolean;
  /** Not before "to" or "for" ("if it is possible to reuse it" keeps its words). */
  noto?: boolean;
  /** Only at a clause end, a few words after a negation or "any" ("no need whatsoever.", "not … at all,"). */
  negated?: boolean;
}

type Row = [from: string, to: string, flags?: string, opener?: string];

const ROWS: Row[] = [
  // Purpose.
  ['in order to', 'to'],
  ['so as to', 'to'],
  ['in an effort to', 'to'],
  ['in an attempt to', 'to'],
  ['for the purpose of', 'for'],
  ['for the sake of', 'for'],
  ['in order that', 'so that'],
  ['in such a way that', 'so that'],
  ['in such a manner that', 'so that'],
  ['with the result that', 'so that'],
  // Cause and concession.
  ['due to the fact that', 'because'],
  ['owing to the fact that', 'because'],
  ['because of the fact that', 'because'],
  ['in view of the fact that', 'because'],
  ['in light of the fact that', 'because'],
  ['on account of the fact that', 'because'],
  ['by virtue of the fact that', 'because'],
  ['based on the fact that', 'because'],
  ['for the reason that', 'because'],
  ['on the grounds that', 'because'],
  ['given the fact that', 'given that'],
  ['consider the fact that', 'consider that'],
  ['ignore the fact that', 'ignore that'],
  ['note the fact that', 'note that'],
  ['aware of the fact that', 'aware that'],
  ['mindful of the fact that', 'mindful that'],
  ['considering the fact that', 'given that'],
  ['despite the fact that', 'although'],
  ['in spite of the fact that', 'although'],
  ['regardless of the fact that', 'although'],
  ['notwithstanding the fact that', 'although'],
  ['as a result of', 'because of'],
  ['as a consequence of', 'because of'],
  ['in spite of', 'despite'],
  ['by virtue of', 'by'],
  // Conditions.
  ['in the event that', 'if'],
  ['in the case that', 'if'],
  ['on the condition that', 'if'],
  ['in cases where', 'when'],
  ['in situations where', 'when'],
  ['in a situation where', 'when'],
  ['in situations in which', 'when'],
  ['in a situation in which', 'when'],
  ['in cases in which', 'when'],
  ['in the case where', 'when'],
  ['then in that case', 'then'],
  ['then, in that case,', 'then'],
  ['in instances where', 'when'],
  ['in the case of', 'for'],
  ['whether or not', 'whether'],
  ['as to whether', 'whether'],
  ['the question of whether', 'whether'],
  ['the question as to whether', 'whether'],
  ['if at all possible', 'if possible'],
  ...possibleWhenever(),
  // Time.
  ['at this point in time', 'now'],
  ['at this moment in time', 'now'],
  ['at the present time', 'now'],
  ['at the present moment', 'now'],
  ['at the current time', 'now'],
  ['at the moment', 'now', 'noclause'],
  ['for the time being', 'for now'],
  ['in the near future', 'soon'],
  ['in the not too distant future', 'soon'],
  ['at your earliest convenience', 'soon'],
  ['at a later time', 'later'],
  ['at a later date', 'later'],
  ['at an earlier time', 'earlier'],
  ['prior to', 'before'],
  ['subsequent to', 'after'],
  ['in advance of', 'before'],
  ['following the completion of', 'after'],
  ['upon completion of', 'after'],
  ['at the conclusion of', 'after'],
  ['during the course of', 'during'],
  ['in the course of', 'during'],
  ['for the duration of', 'during'],
  ['throughout the course of', 'throughout'],
  ['over the course of time', 'over time'],
  ['over the course of', 'during'],
  ['in the course of time', 'over time'],
  ['during the time that', 'while'],
  ['at the time when', 'when'],
  ['until such time as', 'until'],
  ['up until', 'until'],
  ['up to this point', 'so far'],
  ['on a daily basis', 'daily'],
  ['on a weekly basis', 'weekly'],
  ['on a monthly basis', 'monthly'],
  ['on a yearly basis', 'yearly'],
  ['on an annual basis', 'annually'],
  ['on a regular basis', 'regularly'],
  ['on a continuous basis', 'continuously'],
  ['on an ongoing basis', 'continually'],
  ['on a case-by-case basis', 'individually'],
  // Only where a frequency adverb stands: "must at all times be" → "must always be", not "keep it
  // in mind at all times when" → "keep it in mind always when".
  ['at all times', 'always', 'frequency'],
  ['at no time', 'never', 'frequency'],
  ['in the meantime', 'meanwhile'],
  ['in this day and age', 'today'],
  ["in today's world", 'today'],
  ['each and every time', 'every time'],
  ['every time that', 'every time'],
  ['without further delay', 'immediately'],
  ['time period', 'period'],
  // Relations.
  ['with regard to', 'regarding'],
  ['with regards to', 'regarding'],
  ['in regard to', 'regarding'],
  ['in regards to', 'regarding'],
  ['with reference to', 'regarding'],
  ['in reference to', 'regarding'],
  ['in relation to', 'regarding'],
  ['in connection with', 'regarding'],
  ['when it comes to', 'regarding'],
  ['on the subject of', 'about'],
  ['on the topic of', 'about'],
  ['concerning the matter of', 'about'],
  ['in the area of', 'in'],
  ['in the field of', 'in'],
  // Not "in the context of" → "in": it is often a technical term ("runs in the context of the base repository").
  ['in the form of', 'as'],
  ['by means of', 'by'],
  ['by way of', 'via'],
  ['through the use of', 'using'],
  ['by the use of', 'using'],
  ['with the use of', 'using'],
  ['with the help of', 'with'],
  ['with the assistance of', 'with'],
  ['with the exception of', 'except'],
  ['in the vicinity of', 'near'],
  ['in close proximity to', 'near'],
  ['in the absence of', 'without'],
  ['in accordance with', 'per'],
  ['in compliance with', 'per'],
  ['in conformity with', 'per'],
  ['in the direction of', 'toward'],
  ['along the lines of', 'like'],
  ['in a manner similar to', 'like'],
  ['in the same way as', 'like'],
  ['in a similar fashion', 'similarly'],
  ['in a similar way', 'similarly'],
  ['in a similar manner', 'similarly'],
  ['on the basis of', 'based on'],
  // Quantity.
  ['a large number of', 'many', 'of'],
  ['a great number of', 'many', 'of'],
  ['a significant number of', 'many', 'of'],
  ['a considerable number of', 'many', 'of'],
  ['a substantial number of', 'many', 'of'],
  ['a wide variety of', 'diverse', 'plural'],
  ['a wide range of', 'diverse', 'plural'],
  ['a small number of', 'a few', 'of'],
  ['a limited number of', 'a few', 'of'],
  ['a number of', 'several', 'of'],
  ['a variety of', 'various', 'plural'],
  ['a diverse range of', 'various', 'plural'],
  ['the vast majority of', 'most', 'of'],
  ['the majority of', 'most', 'of'],
  ['a majority of', 'most', 'of'],
  ['a great deal of', 'much', 'of'],
  ['a sufficient amount of', 'enough', 'of'],
  ['a sufficient number of', 'enough', 'of'],
  ['an adequate amount of', 'enough', 'of'],
  ['in excess of', 'more than'],
  ['all of the', 'all the'],
  ['any of the', 'any', 'noabove'],
  ['all of these', 'all these'],
  ['all of those', 'all those'],
  ['all of your', 'all your'],
  ['both of the', 'both the'],
  ['each one of', 'each of'],
  ['any one of', 'any of'],
  ['each and every', 'every'],
  ['any and all', 'all'],
  ['one and the same', 'the same'],
  ['one and only', 'only'],
  // Manner.
  ['in a timely manner', 'promptly'],
  ['in a timely fashion', 'promptly'],
  ['in a clear and concise manner', 'clearly and concisely'],
  ['in a clear manner', 'clearly'],
  ['in a concise manner', 'concisely'],
  ['in a brief manner', 'briefly'],
  ['in a detailed manner', 'in detail'],
  ['in a professional manner', 'professionally'],
  ['in a polite manner', 'politely'],
  ['in a respectful manner', 'respectfully'],
  ['in a consistent manner', 'consistently'],
  ['in an accurate manner', 'accurately'],
  ['in an efficient manner', 'efficiently'],
  ['in an effective manner', 'effectively'],
  ['in a careful manner', 'carefully'],
  ['in an appropriate manner', 'appropriately'],
  ['in a systematic manner', 'systematically'],
  ['in a logical manner', 'logically'],
  ['in a thorough manner', 'thoroughly'],
  ['in a step-by-step manner', 'step by step'],
  ['in the following manner', 'as follows', 'final'],
  ['in the following way', 'as follows', 'final'],
  ...mannerWays(),
  ['the way in which', 'how'],
  ['the way that', 'how', 'noprep'],
  ['the manner in which', 'how'],
  ['the extent to which', 'how much'],
  ['the degree to which', 'how much'],
  ['the point at which', 'when'],
  ['the time at which', 'when'],
  ['the reason why', 'why', 'nostart'],
  // "The reason for this is because …": the reason is named twice.
  ['the reason for this is because', 'this is because'],
  ['the reason for this is that', 'this is because'],
  ['the reason for this is due to the fact that', 'this is because'],
  ['the reason for that is because', 'that is because'],
  ['the reason for that is that', 'that is because'],
  ['than it is to', 'than to'],
  // Degree and frequency.
  ['for the most part', 'mostly'],
  ['to a large extent', 'largely'],
  ['to a great extent', 'largely'],
  ['to some extent', 'partly'],
  ['to a certain extent', 'partly'],
  ['in large part', 'largely'],
  ['in the majority of cases', 'usually'],
  ['in most cases', 'usually'],
  ['in many cases', 'often'],
  ['in some cases', 'sometimes'],
  ['in all cases', 'always'],
  ['in rare cases', 'rarely'],
  ['more often than not', 'usually'],
  ['it is often the case that', 'often'],
  ['time and time again', 'repeatedly'],
  ['over and over again', 'repeatedly'],
  ['again and again', 'repeatedly'],
  ['by and large', 'mostly'],
  ['all things considered', 'overall'],
  ['at the end of the day', 'ultimately'],
  ['in the final analysis', 'ultimately'],
  ['for all intents and purposes', 'effectively'],
  ['as a matter of fact', 'in fact'],
  ['in actual fact', 'in fact'],
  ['first and foremost', 'first'],
  ['first of all', 'first'],
  ['last but not least', 'finally'],
  ['in a nutshell', 'briefly'],
  ['that is to say', 'that is'],
  ['and so on and so forth', 'and so on'],
  ['in addition to', 'besides'],
  ['in addition,', 'also,'],
  ['on top of that,', 'also,'],
  ['as previously mentioned', 'as mentioned'],
  ['as previously stated', 'as stated'],
  ['there is no doubt that', 'undoubtedly'],
  ['it is possible that', 'perhaps'],
  ['there is a possibility that', 'perhaps'],
  // Ability, obligation, permission.
  ['is able to', 'can'],
  ['are able to', 'can'],
  ['am able to', 'can'],
  ['will be able to', 'can'],
  ['is not able to', 'cannot'],
  ['are not able to', 'cannot'],
  ['was not able to', 'could not'],
  ['were not able to', 'could not'],
  ['were unable to', 'could not'],
  ['was unable to', 'could not'],
  ['is unable to', 'cannot'],
  ['are unable to', 'cannot'],
  ['am unable to', 'cannot'],
  ['has the ability to', 'can'],
  ['have the ability to', 'can'],
  ['has the capacity to', 'can'],
  ['have the capacity to', 'can'],
  ['has the option to', 'can'],
  ['have the option to', 'can'],
  ['has the potential to', 'could'],
  ['have the potential to', 'could'],
  ['is in a position to', 'can'],
  ['are in a position to', 'can'],
  ['is not in a position to', 'cannot'],
  ['does not have the ability to', 'cannot'],
  ['do not have the ability to', 'cannot'],
  ['it is possible for you to', 'you can'],
  ['it is necessary that you do not', 'you must not'],
  ['it is necessary that you', 'you must', 'bare'],
  ...forYou(),
  ['it is essential that you do not', 'you must not'],
  ['it is essential that you', 'you must', 'bare'],
  ['it is imperative that you do not', 'you must not'],
  ['it is imperative that you', 'you must', 'bare'],
  ['it is crucial that you do not', 'you must not'],
  ['it is crucial that you', 'you must', 'bare'],
  ['it is critical that you do not', 'you must not'],
  ['it is critical that you', 'you must', 'bare'],
  ['it is important that you do not', 'you must not'],
  ['it is important that you', 'you must', 'bare'],
  ['it is required that you do not', 'you must not'],
  ['it is required that you', 'you must', 'bare'],
  ['it is mandatory that you do not', 'you must not'],
  ['it is mandatory that you', 'you must', 'bare'],
  ['it is recommended that you do not', 'you should not'],
  ['it is recommended that you', 'you should', 'bare'],
  ['it is advisable that you do not', 'you should not'],
  ['it is advisable that you', 'you should', 'bare'],
  ['it is suggested that you do not', 'you should not'],
  ['it is suggested that you', 'you should', 'bare'],
  ...intensified(),
  ['you are required to', 'you must'],
  ['you are obliged to', 'you must'],
  ['you are expected to', 'you should'],
  ['you are supposed to', 'you should'],
  ['you are encouraged to', 'you should'],
  ['you are allowed to', 'you may'],
  ['you are permitted to', 'you may'],
  ['you have permission to', 'you may'],
  ['you are not allowed to', 'you must not'],
  ['you are not permitted to', 'you must not'],
  ['that i would like you to', 'to', 'nostart relative'],
  ['that i would like for you to', 'to', 'nostart relative'],
  ['that we would like you to', 'to', 'nostart relative'],
  ['that we would like for you to', 'to', 'nostart relative'],
  ['that we want you to', 'to', 'nostart relative'],
  ['which we would like you to', 'to', 'nostart'],
  ['that i want you to', 'to', 'nostart relative'],
  ['which i would like you to', 'to', 'nostart'],
  ['is going to be', 'will be'],
  ['are going to be', 'will be'],
  ['when you are', 'when', 'ing'],
  ['while you are', 'while', 'ing'],
  ['needs to be', 'must be', 'subject'],
  ['has to be', 'must be', 'subject'],
  ['have to be', 'must be', 'subject'],
  ['make sure that you', 'ensure you', '', ''],
  ['make sure that', 'ensure'],
  ['make sure you', 'ensure you', '', ''],
  ['make certain that you', 'ensure you', '', ''],
  ['make certain that', 'ensure'],
  ['ensure that you', 'ensure you', '', ''],
  ['ensure that', 'ensure'],
  // Meta-talk wrapped around an imperative, removed where a sentence or main clause starts:
  // "Please make sure to keep …" → "Keep …"; "If a value is missing, you should set it to null" →
  // "…, set it to null". Only before a bare verb ("Ensure you are …" stays).
  ['ensure you do not', '', 'openeronly', 'do not'],
  ['ensure that you do not', '', 'openeronly', 'do not'],
  ['make sure you do not', '', 'openeronly', 'do not'],
  ['make sure not to', '', 'openeronly', 'do not'],
  ['be sure not to', '', 'openeronly', 'do not'],
  ['ensure you', '', 'openeronly', ''],
  ['be sure to', '', 'openeronly', ''],
  ['make sure to', '', 'openeronly', ''],
  ['remember to', '', 'openeronly', ''],
  ['you should not', '', 'openeronly', 'do not'],
  ['you should never', '', 'openeronly', 'never'],
  ['you should always', '', 'openeronly', 'always'],
  ['you should', '', 'openeronly', ''],
  // Not "you need to" / "you have to": lists of when to use a skill ("- You need to install
  // packages") and conditions ("when … and you need to query it") state needs, not orders.
  ['you will need to', '', 'openeronly', ''],
  ['your task is to', '', 'openeronly', ''],
  ['your job is to', '', 'openeronly', ''],
  ['your goal is to', '', 'openeronly', ''],
  ['your role is to', '', 'openeronly', ''],
  ['what you should do is to', '', 'openeronly', ''],
  ...wishOpeners(),
  ...hopeOpeners(),
  ['what you should do is', '', 'openeronly', ''],
  ['what you need to do is', '', 'openeronly', ''],
  ['it is important to', '', 'openeronly', ''],
  ['it is essential to', '', 'openeronly', ''],
  ['it is crucial to', '', 'openeronly', ''],
  ['it is critical to', '', 'openeronly', ''],
  ['it is vital to', '', 'openeronly', ''],
  ['it is imperative to', '', 'openeronly', ''],
  ['it is necessary to', '', 'openeronly', ''],
  ['should really make sure to', 'should'],
  ['should make sure to', 'should'],
  ['must make sure to', 'must'],
  ['should make sure that you', 'should'],
  ['must make sure that you', 'must'],
  ['then you should not', 'then do not'],
  ['then you should', 'then', 'bare'],
  ['try your best to', 'try to'],
  ['try your very best to', 'try to'],
  ['do your very best to', 'try to'],
  ['do your best to', 'try to'],
  ['endeavor to', 'try to'],
  ['endeavour to', 'try to'],
  ['make an attempt to', 'try to'],
  ['make an effort to', 'try to'],
  // Nominalisations: a verb hidden in a noun phrase.
  ['take into consideration', 'consider'],
  ['takes into consideration', 'considers'],
  ['taking into consideration', 'considering'],
  ['take into account', 'consider'],
  ['takes into account', 'considers'],
  ['taking into account', 'considering'],
  ['give consideration to', 'consider'],
  ['make a decision', 'decide'],
  ['arrive at a decision', 'decide'],
  ['come to a conclusion', 'conclude'],
  ['reach a conclusion', 'conclude'],
  ['draw a conclusion', 'conclude'],
  ['arrive at a conclusion', 'conclude'],
  ['come to the realization that', 'realize that'],
  ['provide a summary of', 'summarize'],
  ['give a summary of', 'summarize'],
  ['write a summary of', 'summarize'],
  ['provide an explanation of', 'explain'],
  ['provide an explanation for', 'explain'],
  ['give an explanation of', 'explain'],
  ['provide a description of', 'describe'],
  ['give a description of', 'describe'],
  ['provide a list of', 'list'],
  ['give a list of', 'list'],
  ['make a list of', 'list'],
  ['write out a list of', 'list'],
  ['write a list of', 'list'],
  ['create a list of', 'list'],
  ['provide a translation of', 'translate'],
  ['provide an analysis of', 'analyze'],
  ['perform an analysis of', 'analyze'],
  ['conduct an analysis of', 'analyze'],
  ['carry out an analysis of', 'analyze'],
  ['do an analysis of', 'analyze'],
  ['perform a review of', 'review'],
  ['conduct a review of', 'review'],
  ['perform an evaluation of', 'evaluate'],
  ['conduct an evaluation of', 'evaluate'],
  ['provide an evaluation of', 'evaluate'],
  ['make an assessment of', 'assess'],
  ['make an estimate of', 'estimate'],
  ['provide an estimate of', 'estimate'],
  ['make a comparison between', 'compare'],
  ['make a comparison of', 'compare'],
  ['provide a comparison of', 'compare'],
  ['provide a definition of', 'define'],
  ['give a definition of', 'define'],
  ['provide a justification for', 'justify'],
  ['provide justification for', 'justify'],
  ['provide clarification on', 'clarify'],
  ['provide a response to', 'respond to'],
  ['give a response to', 'respond to'],
  ['provide an answer to', 'answer'],
  ['give an answer to', 'answer'],
  ['provide assistance with', 'help with'],
  ['provide assistance to', 'help'],
  ['provide support for', 'support'],
  ['have a discussion about', 'discuss'],
  ['make use of', 'use'],
  ['makes use of', 'uses'],
  ['making use of', 'using'],
  ['make changes to', 'change'],
  ['make modifications to', 'modify'],
  ['make improvements to', 'improve'],
  ['make adjustments to', 'adjust'],
  ['make an adjustment to', 'adjust'],
  ['make reference to', 'refer to'],
  ['make mention of', 'mention'],
  ['put an emphasis on', 'emphasize'],
  ['place an emphasis on', 'emphasize'],
  ['place emphasis on', 'emphasize'],
  ['put emphasis on', 'emphasize'],
  ['give priority to', 'prioritize'],
  ['give an indication of', 'indicate'],
  ['has a tendency to', 'tends to'],
  ['have a tendency to', 'tend to'],
  ['give rise to', 'cause'],
  ['gives rise to', 'causes'],
  ['is indicative of', 'indicates'],
  ['are indicative of', 'indicate'],
  ['is reflective of', 'reflects'],
  ['is in need of', 'needs'],
  ['are in need of', 'need'],
  ['is in agreement with', 'agrees with'],
  ['are in agreement with', 'agree with'],
  ['is dependent on', 'depends on'],
  ['is dependent upon', 'depends on'],
  ['are dependent on', 'depend on'],
  ['is of the opinion that', 'believes that'],
  ['are of the opinion that', 'believe that'],
  ['is located in', 'is in'],
  ['are located in', 'are in'],
  ['is situated in', 'is in'],
  ['provide you with', 'give you'],
  ['provides you with', 'gives you'],
  ['furnish you with', 'give you'],
  ['help you to', 'help you'],
  ['helps you to', 'helps you'],
  ['enables you to', 'lets you'],
  ['gives you the ability to', 'lets you'],
  ['listed below', 'below', 'nostart nobe'],
  ['provided below', 'below', 'nostart nobe'],
  ['given below', 'below', 'nostart nobe'],
  ['as follows below', 'as follows'],
  // Importance.
  ['of the utmost importance', 'critical'],
  ['of paramount importance', 'paramount'],
  ['of vital importance', 'vital'],
  ['of critical importance', 'critical'],
  ['of crucial importance', 'crucial'],
  ['of key importance', 'key'],
  ['of great significance', 'significant'],
  // Not "absolutely necessary" → "necessary" or "every single" → "every": in an instruction the
  // intensifier sets a stricter bar ("only when absolutely necessary"), so dropping it weakens it.
  // Not "at the same time as" → "while": before a noun phrase it breaks the clause ("loaded at the
  // same time as other components"). Not "final outcome" → "outcome": "each step, not just the
  // final outcome" contrasts the two.
  // Roundabout clauses (issue 12's hand-written verbose prompts).
  ['what it is that', 'what'],
  ['what it was that', 'what'],
  ['who it is that', 'who'],
  ['who it was that', 'who'],
  // Wordy phrases of plain-language lists (plainlanguage.gov, Microsoft Writing Style Guide),
  // each in the one context where its replacement reads the same.
  ['go ahead and', '', 'verb'],
  ['just go ahead and', '', 'verb'],
  ['is going to', 'will', 'verb'],
  ['are going to', 'will', 'verb'],
  ['am going to', 'will', 'verb'],
  ['or so', '', 'approx'],
  ['in length', '', 'unit'],
  ['in total length', '', 'unit'],
  ['in overall length', '', 'unit'],
  ['in nature', '', 'adjective'],
  ['with the task of', 'with', 'ing'],
  ['with the job of', 'with', 'ing'],
  ['is in the process of', 'is', 'ing'],
  ['are in the process of', 'are', 'ing'],
  ['am in the process of', 'am', 'ing'],
  ['was in the process of', 'was', 'ing'],
  ['were in the process of', 'were', 'ing'],
  ['keep an eye out for', 'watch for'],
  ['keeps an eye out for', 'watches for'],
  ['keep an eye on', 'watch'],
  ['focus your attention', 'focus'],
  ['focus all your attention', 'focus'],
  ['focus all of your attention', 'focus'],
  ['start off', 'start'],
  ['starts off', 'starts'],
  ['starting off', 'starting'],
  ['lists out', 'lists'],
  ['listing out', 'listing'],
  ['later on', 'later', 'final'],
  ['such as for example', 'such as'],
  ['such as, for example,', 'such as'],
  ['have an impact on', 'affect'],
  ['has an impact on', 'affects'],
  ['having an impact on', 'affecting'],
  ['had an impact on', 'affected'],
  ['have an effect on', 'affect'],
  ['has an effect on', 'affects'],
  ['is applicable to', 'applies to'],
  ['are applicable to', 'apply to'],
  ['as of yet', 'yet'],
  ['due to this fact', 'therefore'],
  ['due to that fact', 'therefore'],
  ['because of this fact', 'therefore'],
  ['a very large number of', 'very many', 'of'],
  ['a huge number of', 'many', 'of'],
  ['a little bit of', 'a little'],
  ['a little bit', 'a little'],
  ['and then after you have done that,', 'and then'],
  ['then after you have done that,', 'then'],
  ['then, after that,', 'then'],
  // Stacked intensifiers and hedges: the second word repeats the first.
  ['really very', 'very'],
  ['very, very', 'very'],
  ['really, really', 'really'],
  ['much, much', 'much'],
  ['never ever', 'never'],
  ['never, ever', 'never'],
  ['only ever', 'only'],
  ['one single', 'one'],
  ['just simply', 'simply'],
  ['could possibly', 'could', 'hedge'],
  ['could potentially', 'could', 'hedge'],
  ['might possibly', 'might', 'hedge'],
  ['may possibly', 'may', 'hedge'],
  ['might potentially', 'might', 'hedge'],
  ['may very well', 'may'],
  ['might very well', 'might'],
  ['the very same', 'the same'],
  ['clearly and obviously', 'clearly'],
  ['plain and simple language', 'plain language'],
  ['to reiterate and repeat', 'to repeat'],
  ['in any way, shape or form', 'in any way'],
  ['such as for instance', 'such as'],
  ['such as, for instance,', 'such as'],
  ['if that is possible', 'if possible'],
  ['if this is possible', 'if possible'],
  ['all in all', 'overall'],
  ['in any way, shape, or form', 'in any way'],
  ['period of time', 'period'],
  ['in my personal opinion', 'in my opinion'],
  ['whenever you are', 'whenever', 'ing'],
  ['before you start', 'before', 'ing'],
  ['before you begin', 'before', 'ing'],
  ['once you have finished', 'after', 'ing'],
  ['after you have finished', 'after', 'ing'],
  ['once you are done', 'after', 'ing'],
  ['provide a brief summary of', 'briefly summarize'],
  ['give a brief summary of', 'briefly summarize'],
  ['write a brief summary of', 'briefly summarize'],
  ['write a short summary of', 'briefly summarize'],
  ['provide a short summary of', 'briefly summarize'],
  ['provide a detailed explanation of', 'explain in detail'],
  ['give a detailed explanation of', 'explain in detail'],
  ['provide a clear explanation of', 'clearly explain'],
  ['give a clear explanation of', 'clearly explain'],
  ['provide a detailed description of', 'describe in detail'],
  // The future progressive of an order is the future: "You will be acting as" → "You will act as".
  ...futureProgressives(),
  ['will end up being', 'will be'],
  ['would end up being', 'would be'],
  ['ends up being', 'is'],
  ['will end up getting', 'will get'],
  ['would end up getting', 'would get'],
  ['would be able to', 'could'],
  ['to begin with,', 'first,'],
  ['to start with,', 'first,'],
  ['write up a', 'write a'],
  ['write up an', 'write an'],
  ['write up the', 'write the'],
  ['which one of the', 'which of the'],
  ['than it is for us to', 'than to'],
  ['than it is for you to', 'than to'],
  ['from start to finish', '', 'entire'],
  ['from beginning to end', '', 'entire'],
  ['from top to bottom', '', 'entire'],
  ['a piece of software', 'software'],
  ['if it is the case that', 'if'],
  ['take a look at', 'look at'],
  ['have a look at', 'look at'],
  ['do not ever', 'never'],
  ['must not ever', 'must never'],
  ...reducedRelatives(),
  ["don't ever", 'never'],
  ['these kinds of', 'such'],
  ['those kinds of', 'such'],
  ['that is called', 'called'],
  ['which is called', 'called'],
  ['and then after that', 'then'],
  ['then after that', 'then'],
  ['the first time that', 'the first time'],
  ['whose job it is to', 'who must'],
  ['whose job is to', 'who must'],
  ['whose task is to', 'who must'],
  ['whose role is to', 'who must'],
  ['for that reason', 'so', 'noclause'],
  ['for this reason', 'so', 'noclause'],
  // Redundant pairs.
  ['grouped together', 'grouped'],
  ['completely eliminate', 'eliminate'],
  ['end result', 'result'],
  ['past history', 'history'],
  ['past experience', 'experience'],
  ['future plans', 'plans'],
  ['advance planning', 'planning'],
  ['basic fundamentals', 'fundamentals'],
  ['added bonus', 'bonus'],
  ['each individual', 'each'],
  ['exact same', 'same'],
  ['general consensus', 'consensus'],
  ['new innovation', 'innovation'],
  ['repeat again', 'repeat'],
  ['revert back', 'revert'],
  ['return back', 'return'],
  ['refer back to', 'refer to'],
  ['reply back', 'reply'],
  ['combine together', 'combine'],
  ['merge together', 'merge'],
  ['join together', 'join'],
  ['connect together', 'connect'],
  ['collaborate together', 'collaborate'],
  ['list out', 'list'],
  ['separate out', 'separate'],
  ['still remains', 'remains'],
  ['true facts', 'facts'],
  ['unexpected surprise', 'surprise'],
  ['various different', 'various'],
  ['very unique', 'unique'],
  ['sum total', 'total'],
  // Long words with a short equivalent.
  ['utilize', 'use'],
  ['utilizes', 'uses'],
  ['utilized', 'used'],
  ['utilizing', 'using'],
  ['utilization', 'use'],
  ['utilise', 'use'],
  ['utilises', 'uses'],
  ['utilised', 'used'],
  ['utilising', 'using'],
  ['commence', 'start'],
  ['approximately', 'about'],
  ['generally speaking', 'generally'],
  // Hedges, intensifier stacks and doubled place words of the plain-language lists (session 6).
  ['at the very most', 'at most'],
  ['at the very least', 'at least'],
  ['further down below', 'below'],
  ['down below', 'below'],
  ['further up above', 'above'],
  ['up above', 'above'],
  ['somewhere around', 'around', 'number'],
  ['somewhere between', 'between', 'number'],
  ['somewhere in the region of about', 'about'],
  ['somewhere in the region of', 'about', 'number'],
  ['in the region of', 'about', 'number'],
  ['this particular', 'this', 'nostart'],
  ['that particular', 'that', 'nostart'],
  ['read through', 'read', 'object'],
  ['reads through', 'reads', 'object'],
  ['reading through', 'reading', 'object'],
  ['take the time to', '', 'verb'],
  ['really quite', 'quite'],
  ['really rather', 'rather'],
  ['a great many', 'many'],
  ['a good deal of', 'much', 'of'],
  ['so on and so forth', 'so on'],
  ['in and of itself', 'itself'],
  ['totally unique', 'unique'],
  ['each and every one of', 'every one of'],
  // Not "absolutely essential" → "essential": like "absolutely necessary" it sets a stricter bar
  // ("unless absolutely essential to make text fit", a rating scale's "10 being absolutely essential").
  // Not "in order for" → "for": "work through these checks in order for every file" means "in
  // sequence". Not "at all" after a negation: in technical text it contrasts none with some ("is
  // not billed at all; a mid-stream refusal bills …").
  // Emphasis on a negation already said ("do not change anything whatsoever").
  ['whatsoever', '', 'negated'],
  ...asPossible(),
];

/**
 * "whenever it is at all possible to do so" → "whenever possible", "if it is at all practical" →
 * "if practical": the clause only restates the condition. Without "to do so" only where no
 * infinitive or "for" follows ("if it is possible to reuse it" keeps its words).
 */
function possibleWhenever(): Row[] {
  const rows: Row[] = [];
  for (const conjunction of ['if', 'when', 'whenever', 'where', 'wherever']) {
    for (const adjective of ['possible', 'practical', 'feasible']) {
      for (const atAll of ['', 'at all ']) {
        rows.push([`${conjunction} it is ${atAll}${adjective} to do so`, `${conjunction} ${adjective}`]);
        rows.push([`${conjunction} it is ${atAll}${adjective}`, `${conjunction} ${adjective}`, 'noto']);
      }
    }
  }
  return rows;
}

/** "as closely as you possibly can" → "as closely as possible": the same limit, said once. */
function asPossible(): Row[] {
  const rows: Row[] = [];
  for (const adverb of ['much', 'closely', 'far', 'soon', 'quickly', 'clearly', 'concisely', 'briefly', 'accurately', 'precisely', 'often', 'simply', 'short', 'simple', 'early', 'carefully', 'completely', 'specific', 'specifically', 'close']) {
    for (const can of ['can', 'could']) rows.push([`as ${adverb} as you possibly ${can}`, `as ${adverb} as possible`]);
  }
  return rows;
}

/**
 * "It is important for you to cite sources" → "You must cite sources", as "It is important that you"
 * already does; with an intensifier too ("It is really very important for you to").
 */
function forYou(): Row[] {
  const rows: Row[] = [];
  for (const adjective of ['important', 'essential', 'imperative', 'crucial', 'critical', 'vital', 'necessary']) {
    for (const intensifier of ['', 'very ', 'really ', 'absolutely ', 'extremely ', 'really very ']) {
      for (const it of ['it is', "it's"]) rows.push([`${it} ${intensifier}${adjective} for you to`, 'you must']);
      if (intensifier === '') rows.push([`it's ${adjective} that you do not`, 'you must not'], [`it's ${adjective} that you`, 'you must', 'bare']);
    }
  }
  return rows;
}

/** "will be reviewing" → "will review", for verbs whose -ing form spelling tells the bare verb. */
function futureProgressives(): Row[] {
  const verbs: Array<[string, string]> = [
    ['acting', 'act'], ['helping', 'help'], ['working', 'work'], ['writing', 'write'], ['reading', 'read'], ['reviewing', 'review'], ['translating', 'translate'],
    ['receiving', 'receive'], ['answering', 'answer'], ['assisting', 'assist'], ['handling', 'handle'], ['analyzing', 'analyze'], ['analysing', 'analyse'],
    ['summarizing', 'summarize'], ['summarising', 'summarise'], ['generating', 'generate'], ['creating', 'create'], ['responding', 'respond'], ['processing', 'process'],
  ];
  const rows: Row[] = [];
  for (const [ing, bare] of verbs) rows.push([`will be ${ing}`, `will ${bare}`]);
  return rows;
}

/**
 * "What I would like you to do is to read …" → "Read …": a wish wrapped around the imperative,
 * removed only where a sentence or main clause starts and a bare verb follows.
 */
function wishOpeners(): Row[] {
  const rows: Row[] = [];
  for (const who of ['i', 'we']) {
    for (const wish of ['would like you to', 'would like for you to', 'want you to', 'need you to']) {
      // Not "… do is" alone: "What I would like you to do is unclear" has no imperative to unwrap.
      rows.push([`what ${who} ${wish} do is to`, '', 'openeronly', '']);
    }
  }
  return rows;
}

/**
 * "I am hoping that you can help me with …" → "Help me with …", and "The very first thing that you
 * will need to do is to go through …" → "First, go through …": the author's hope or a numbered
 * announcement wrapped around the imperative, only where a sentence or main clause starts and a
 * bare verb follows.
 */
function hopeOpeners(): Row[] {
  const rows: Row[] = [];
  for (const hope of ['i am hoping', "i'm hoping", 'i was hoping', 'i hope', 'we are hoping', 'we were hoping', 'we hope']) {
    for (const that of [' that', '']) for (const modal of ['can', 'could', 'will']) rows.push([`${hope}${that} you ${modal}`, '', 'openeronly', '']);
  }
  // "I was wondering if you could review the draft" → "Review the draft". Not "would" ("I was
  // wondering if you would be the right reviewer" asks, it does not order) nor "I wonder if".
  for (const wonder of ['i was wondering if', 'i was wondering whether', 'we were wondering if', 'we were wondering whether']) {
    for (const modal of ['could', 'might be able to', 'would be able to', 'could possibly']) rows.push([`${wonder} you ${modal}`, '', 'openeronly', '']);
  }
  for (const very of ['', 'very ']) {
    for (const that of ['that ', '']) {
      for (const need of ['will need to', 'need to', 'have to', 'should', 'must']) {
        // Only "is to": "The first thing you should do is unclear" has no imperative to unwrap.
        rows.push([`the ${very}first thing ${that}you ${need} do is to`, '', 'openeronly', 'first,']);
      }
    }
  }
  return rows;
}

/** "It is very important that you …" and the like: the intensifier changes nothing about "must". */
function intensified(): Row[] {
  const rows: Row[] = [];
  for (const adjective of ['important', 'essential', 'imperative', 'crucial', 'critical', 'vital']) {
    for (const intensifier of ['very', 'really', 'absolutely', 'extremely', 'especially', 'particularly', 'so', 'super', 'incredibly', 'really very', 'very, very', 'really, really', 'really really', 'very very', 'quite', 'really quite']) {
      for (const it of ['it is', "it's"]) {
        rows.push([`${it} ${intensifier} ${adjective} that you do not`, 'you must not'], [`${it} ${intensifier} ${adjective} that you never`, 'you must never'], [`${it} ${intensifier} ${adjective} that you`, 'you must', 'bare']);
      }
    }
    if (adjective === 'vital') rows.push(['it is vital that you do not', 'you must not'], ['it is vital that you', 'you must', 'bare']);
  }
  return rows;
}

/**
 * "the commits that have been made since" → "the commits made since": a relative clause in the
 * passive reduced to its participle. Flagged `reduced`: "that" must follow a noun, not a verb or
 * a conjunction ("note that was done", "because that was raised" keep their words).
 */
function reducedRelatives(): Row[] {
  const participles = [
    'made', 'created', 'written', 'generated', 'provided', 'given', 'used', 'returned', 'raised', 'discussed', 'agreed upon', 'sent', 'defined',
    'specified', 'listed', 'mentioned', 'described', 'selected', 'changed', 'added', 'removed', 'found', 'shown', 'produced', 'reported', 'requested',
    'submitted', 'stored', 'included', 'attached', 'passed', 'received', 'collected', 'identified', 'introduced', 'modified', 'updated', 'deleted',
  ];
  // These were added later and apply only with a complement after them ("tasks available for use"):
  // "links that are relevant," → "links relevant," would not read.
  const withComplement = [
    'located', 'named', 'known', 'based', 'caused', 'affected', 'needed', 'required', 'expected', 'related', 'involved', 'assigned', 'linked', 'owned',
    'built', 'hosted', 'deployed', 'installed', 'configured', 'displayed', 'opened', 'merged', 'tested', 'handled', 'explained', 'recorded', 'logged', 'imported',
    'exported', 'loaded', 'parsed', 'pasted', 'entered', 'marked', 'flagged', 'labelled', 'labeled', 'tagged', 'approved', 'published', 'released', 'scheduled',
    'planned', 'completed', 'shipped', 'suggested', 'proposed', 'asked', 'interested', 'responsible', 'relevant', 'available',
  ];
  const rows: Row[] = [];
  for (const be of ['is', 'are', 'was', 'were', 'has been', 'have been', 'had been']) {
    for (const participle of participles) rows.push([`that ${be} ${participle}`, participle, 'nostart reduced']);
    for (const participle of withComplement) rows.push([`that ${be} ${participle}`, participle, 'nostart reduced complement']);
  }
  // People: "the developers who are interested in" → "the developers interested in".
  for (const be of ['is', 'are', 'was', 'were']) for (const participle of [...participles, ...withComplement]) rows.push([`who ${be} ${participle}`, participle, 'nostart reduced complement']);
  // A relative clause that only places its noun: "the code that is in this repository" → "the code in this repository".
  for (const who of ['that', 'which', 'who']) {
    for (const be of ['is', 'are', 'was', 'were']) for (const preposition of ['in', 'on', 'at', 'from', 'inside', 'within', 'about']) rows.push([`${who} ${be} ${preposition}`, preposition, 'nostart reduced']);
    // A progressive relative clause: "the developers who are using our API" → "the developers using our API".
    for (const be of ['is', 'are', 'was', 'were']) rows.push([`${who} ${be}`, '', 'nostart reduced ing']);
  }
  return rows;
}

/** "In a clear way" → "clearly": a manner phrase built on an adjective with a regular adverb. */
function mannerWays(): Row[] {
  const adverbs: Array<[string, string]> = [
    ['simple', 'simply'], ['clear', 'clearly'], ['concise', 'concisely'], ['natural', 'naturally'], ['consistent', 'consistently'], ['professional', 'professionally'],
    ['polite', 'politely'], ['careful', 'carefully'], ['accurate', 'accurately'], ['efficient', 'efficiently'], ['effective', 'effectively'], ['respectful', 'respectfully'],
    ['brief', 'briefly'], ['thorough', 'thoroughly'], ['systematic', 'systematically'], ['logical', 'logically'], ['appropriate', 'appropriately'], ['objective', 'objectively'],
    ['neutral', 'neutrally'], ['direct', 'directly'], ['precise', 'precisely'],
  ];
  const rows: Row[] = [['in a detailed way', 'in detail'], ['in a detailed fashion', 'in detail']];
  for (const [adjective, adverb] of adverbs) {
    const article = /^[aeiou]/.test(adjective) ? 'an' : 'a';
    rows.push([`in ${article} ${adjective} way`, adverb], [`in ${article} ${adjective} fashion`, adverb]);
    for (const [second, secondAdverb] of adverbs) {
      if (second === adjective || !['simple', 'clear', 'concise', 'polite', 'professional', 'friendly', 'accurate', 'brief'].includes(second)) continue;
      rows.push([`in ${article} ${adjective} and ${second} way`, `${adverb} and ${secondAdverb}`]);
    }
  }
  return rows;
}

export const VERBOSE_PHRASES: readonly PhraseEntry[] = ROWS.map(([from, to, flags, opener]) => ({
  from,
  to,
  ...(flags?.includes('nostart') ? { nostart: true } : {}),
  ...(flags?.includes('nobe') ? { nobe: true } : {}),
  ...(flags?.split(' ').includes('of') ? { of: true } : {}),
  ...(flags?.includes('noclause') ? { noclause: true } : {}),
  ...(flags?.includes('bare') ? { bare: true } : {}),
  ...(flags?.split(' ').includes('ing') ? { ing: true } : {}),
  ...(flags?.includes('relative') ? { relative: true } : {}),
  ...(opener !== undefined ? { opener } : {}),
  ...(flags?.includes('openeronly') ? { openerOnly: true } : {}),
  ...(flags?.includes('reduced') ? { reduced: true } : {}),
  ...(flags?.includes('noabove') ? { noabove: true } : {}),
  ...(flags?.includes('plural') ? { plural: true } : {}),
  ...(flags?.includes('final') ? { final: true } : {}),
  ...(flags?.includes('subject') ? { subject: true } : {}),
  ...(flags?.includes('noprep') ? { noprep: true } : {}),
  ...(flags?.split(' ').includes('verb') ? { verb: true } : {}),
  ...(flags?.includes('approx') ? { approx: true } : {}),
  ...(flags?.split(' ').includes('unit') ? { unit: true } : {}),
  ...(flags?.includes('adjective') ? { adjective: true } : {}),
  ...(flags?.includes('complement') ? { complement: true } : {}),
  ...(flags?.includes('hedge') ? { hedge: true } : {}),
  ...(flags?.includes('entire') ? { entire: true } : {}),
  ...(flags?.includes('frequency') ? { frequency: true } : {}),
  ...(flags?.split(' ').includes('number') ? { number: true } : {}),
  ...(flags?.split(' ').includes('object') ? { object: true } : {}),
  ...(flags?.split(' ').includes('noto') ? { noto: true } : {}),
  ...(flags?.split(' ').includes('negated') ? { negated: true } : {}),
}));
