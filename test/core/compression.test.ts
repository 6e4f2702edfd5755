/**
 * Compression rules, data-driven: each case is a prompt with `⟦…⟧` around every range where the
 * rule under test must report, and the text expected after applying all of that rule's fixes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, OffsetRange } from '../../server/src/core/types';
import { countRaw } from '../../server/src/core/tokens/encoders';
import {
  COMPRESSION_RULE_CODES,
  type CompressionFix,
  type CompressionInput,
  type CompressionSettings,
  VERBOSE_PHRASES,
  applyFixes,
  compressAll,
  compressionDiagnostics,
  fixesOf,
  protectedSpans,
  ruleSeverity,
  simplePromptRegions,
} from '../../server/src/core/rules/compression';
import { acrossLines } from '../../server/src/core/rules/compression/rules/metaTalk';

const countTokens = (text: string) => countRaw(text, 'o200k_base');

interface CheckOptions {
  settings?: CompressionSettings;
  language?: string;
  regions?: OffsetRange[];
}

/** Strips `⟦ ⟧` markers, returning the text and the marked ranges. */
function parseMarkers(marked: string): { text: string; ranges: OffsetRange[] } {
  let text = '';
  const ranges: OffsetRange[] = [];
  const open: number[] = [];
  for (const ch of marked) {
    if (ch === '⟦') open.push(text.length);
    else if (ch === '⟧') ranges.push({ start: open.pop() ?? 0, end: text.length });
    else text += ch;
  }
  return { text, ranges: ranges.sort((a, b) => a.start - b.start) };
}

/** Diagnostics of one rule only (the others switched off), as the editor would see them. */
function diagnose(text: string, code: string, options: CheckOptions = {}): Diagnostic[] {
  const rules: Record<string, 'off'> = {};
  for (const c of COMPRESSION_RULE_CODES) if (c !== code) rules[c] = 'off';
  const input: CompressionInput = {
    regions: options.regions ?? [{ start: 0, end: text.length }],
    countTokens,
    language: options.language,
    settings: { ...options.settings, rules: { ...rules, ...options.settings?.rules } },
    onError: (c, e) => assert.fail(`rule ${c} threw: ${String(e)}`),
  };
  return compressionDiagnostics(text, input).filter((d) => d.code === code);
}

/**
 * The one helper behind the rule tables: `code` must report exactly at the marked ranges, and
 * applying all its fixes must give `expected` (`undefined`: no fix may be offered at all).
 */
function check(marked: string, code: string, expected: string | undefined, options: CheckOptions = {}): Diagnostic[] {
  const { text, ranges } = parseMarkers(marked);
  const diagnostics = diagnose(text, code, options);
  assert.deepEqual(
    diagnostics.map((d) => text.slice(d.range.start, d.range.end)),
    ranges.map((r) => text.slice(r.start, r.end)),
    `diagnostics of ${code} in ${JSON.stringify(text)}`,
  );
  const fixes = fixesOf(diagnostics);
  if (expected === undefined) {
    assert.equal(fixes.length, 0, `no fix expected in ${JSON.stringify(text)}`);
  } else {
    assert.equal(applyFixes(text, fixes).text, expected);
  }
  return diagnostics;
}

describe('filler-phrase', () => {
  const code = 'filler-phrase';
  const cases: Array<[string, string | undefined]> = [
    ['⟦Please note that⟧ the API is rate-limited.', 'The API is rate-limited.'],
    ['⟦I would like you to⟧ summarize the text.', 'Summarize the text.'],
    ["⟦I'd like you to⟧ list the risks.", 'List the risks.'],
    ['⟦Could you please⟧ list the main points?', 'List the main points.'],
    ['⟦As an AI language model⟧, you answer briefly.', 'You answer briefly.'],
    ['⟦It is important to note that⟧ dates use ISO 8601.', 'Dates use ISO 8601.'],
    ['First, ⟦it is important to note that⟧ dates use ISO 8601.', 'First, dates use ISO 8601.'],
    ['If the list is empty, ⟦I want you to⟧ say so.', 'If the list is empty, say so.'],
    ['⟦Feel free to⟧ ask questions.', 'You may ask questions.'],
    ['Answer in JSON, ⟦please⟧.', 'Answer in JSON.'],
    ['This is, ⟦basically⟧, a test.', 'This is a test.'],
    ['Summarize the text and ⟦please⟧ keep it short.', 'Summarize the text and keep it short.'],
    ['Be brief. ⟦Thank you!⟧', 'Be brief.'],
    ['Be brief.\n\n⟦Thanks in advance!⟧\n', 'Be brief.\n'],
    ['Be brief.\n\n⟦Thank you so much for your help, I really appreciate it!⟧\n\nBe kind.', 'Be brief.\n\nBe kind.'],
    ['- Be brief.\n- ⟦Please⟧ be kind.\n', '- Be brief.\n- Be kind.\n'],
    // The next word keeps its case when re-casing would change a name or code.
    ['⟦Please note that⟧ iPhone users need the app.', 'iPhone users need the app.'],
    ['⟦Please⟧ `npm test` before committing.', '`npm test` before committing.'],
    ['⟦Please note that⟧ {{customer}} is a VIP.', '{{customer}} is a VIP.'],
    // Not filler: "please" as a verb, politeness inside quotes, code, headings, quotes, other languages.
    ['You must please the user.', undefined],
    ['The user wrote "Please note that I am busy." yesterday.', undefined],
    ['Run `please note that` as a command.', undefined],
    ['# Please note\n\nBe brief.', undefined],
    ['> Please note that this is a quoted example.', undefined],
    ['Veuillez noter que la réponse doit être courte, s’il vous plaît.', undefined],
    ['```\nPlease note that this is code.\n```', undefined],
    ['PLEASE NOTE THAT THE API IS SLOW.', undefined],
    // A question the model relays to the user keeps its politeness.
    ['- Is there an agenda to reference? If yes, please provide it.', undefined],
    // Wishes and notes wrapped around a request, with an intensifier or "also" (session 5).
    ['⟦It is very important to note that⟧ a decision is final.', 'A decision is final.'],
    ['Besides the category, ⟦I would also like you to⟧ write a summary.', 'Besides the category, also write a summary.'],
    ['For each item, ⟦it would be really helpful if you could⟧ add a date.', 'For each item, add a date.'],
    ['⟦It would also be great if you could⟧ start with a summary.', 'Also start with a summary.'],
    ['These are the rules that I want you to ⟦please⟧ follow.', 'These are the rules that I want you to follow.'],
    ['This is why we need you to please the customer.', undefined],
    ['⟦Hello!⟧ Summarize the notes.', 'Summarize the notes.'],
    ['⟦I would really appreciate it if you could⟧ keep it short.', 'Keep it short.'],
    ["⟦As you know⟧, the API is slow.", 'The API is slow.'],
    ["⟦It's worth noting that⟧ dates use ISO 8601.", 'Dates use ISO 8601.'],
    ['Tell the user as you know best.', undefined],
    ['Say hello! Then summarize.', undefined],
    ['Hello', undefined],
    ['Hello!\n\nSummarize the notes.', undefined],
    ['Be brief. ⟦Thank you so much in advance for your help with this, I really do appreciate it!⟧', 'Be brief.'],
  ];
  for (const [marked, expected] of cases) it(JSON.stringify(marked), () => void check(marked, code, expected));

  it('tags every filler as unnecessary so editors fade it', () => {
    const [d] = check('⟦Please note that⟧ the API is slow.', code, 'The API is slow.');
    assert.deepEqual(d.tags, ['unnecessary']);
    assert.equal(d.severity, 'hint');
    const fix = d.fixes?.[0] as CompressionFix;
    assert.equal(fix.code, code);
    assert.equal(fix.safeForFixAll, true);
    assert.match(fix.title, /^Remove “Please note that” \(−\d+ tokens?\)$/);
  });
});

describe('meta-talk patterns across lines', () => {
  it('turns a space between words into a whitespace run, a space in a character class into one whitespace character; an escaped bracket opens no class', () => {
    assert.equal(acrossLines(/as I said[ \t]*,/i).source, 'as\\s+I\\s+said[\\s\\t]*,');
    assert.equal(acrossLines(/a\[b c]/).source, 'a\\[b\\s+c]');
  });
});

describe('meta-talk', () => {
  const code = 'meta-talk';
  const cases: Array<[string, string | undefined]> = [
    // Social sentences: every word is the author thanking, acknowledging or hoping.
    ['Be brief.\n\n⟦Thanks a lot, I really do appreciate the help with this one!⟧\n', 'Be brief.\n'],
    ['Summarize the notes. ⟦I know this is a lot to ask, so I really appreciate you taking the time.⟧ Keep it short.', 'Summarize the notes. Keep it short.'],
    ['Write the notes. ⟦I know this can be a bit of a tedious task, and I want to make sure that I give you all the context you need in order to do a good job.⟧\n', 'Write the notes.\n'],
    ['Be brief.\n\n⟦Thank you so much in advance for your help with this, it really is very much appreciated!⟧\n', 'Be brief.\n'],
    // Lead-ins that only announce the statement after them.
    ['⟦Let me start off by saying that⟧ customers value honesty.', 'Customers value honesty.'],
    ['Also, ⟦I want to point out that⟧ the API is slow.', 'Also, the API is slow.'],
    ['⟦Before I go on to describe the fields, I would like to point out that⟧ reports are often incomplete.', 'Reports are often incomplete.'],
    ['⟦One more thing that we would really like to stress is that,⟧ every migration needs a down section.', 'Every migration needs a down section.'],
    ['⟦Just to give you a little bit of background on the situation:⟧ we are a small team.', 'We are a small team.'],
    ['⟦It should also be pointed out that⟧ `npm test` is slow.', '`npm test` is slow.'],
    // Declared repetitions: removed whole when every word was said before, else only the lead-in.
    ['Keep the email short and friendly.\n\n⟦Once again, just to repeat it: keep the email short and friendly.⟧\n', 'Keep the email short and friendly.\n'],
    ['Keep it short.\n\n⟦As a final reminder:⟧ never invent owners.', 'Keep it short.\n\nNever invent owners.'],
    ['Write for users.\n\n⟦Also, just as a reminder, and I know I already said this above, but please remember that⟧ our readers are not developers.', 'Write for users.\n\nOur readers are not developers.'],
    // A persona statement is what the model needs: the repetition keeps it, only the lead-in goes.
    ['You are a support agent.\n\n⟦To repeat it once more:⟧ you are a support agent.', 'You are a support agent.\n\nYou are a support agent.'],
    // Not meta-talk: constraints, orders, names, template output, quotes, code, a whole message.
    ['Summarize the notes.\n\nThanks, and please answer in French.', undefined],
    ['Summarize the notes.\n\nI know this is hard, but never skip a row.', undefined],
    ['Summarize the notes.\n\nI hope this report covers the Q3 numbers.', undefined],
    ['{{#> thanks}}\nThank you for your order!\n{{/thanks}}\n', undefined],
    ['Reply to this email:\n\n> Thanks a lot, I really do appreciate the help with this one!\n', undefined],
    ['Run this:\n\n```\nThanks a lot, I really do appreciate the help!\n```\n', undefined],
    ['Thanks a lot, I really do appreciate the help with this one!', undefined],
    ['Remember: the best code is no code.', undefined],
    ['Do not invent dates.\n\nJust to reiterate, please remember to not invent any dates, and start with a summary.', undefined],
    ['Let me start off by saying hello to the user.', undefined],
    ['# I would like to point out that headings stay\n\nBe brief.', undefined],
    ['Basically, ⟦what this means is that⟧ the notes are for users.', 'Basically, the notes are for users.'],
    ['⟦What we mean by this is that⟧ each migration does one thing.', 'Each migration does one thing.'],
    ['These rules apply to SQL files. ⟦It is worth pointing out right at the\nstart that⟧ migrations are risky.', 'These rules apply to SQL files. Migrations are risky.'],
    ['What this means for you is unclear.', undefined],
    ['⟦Just so you know,⟧ the API is slow.', 'The API is slow.'],
    ['Be brief. ⟦With that in mind,⟧ there are three rules.', 'Be brief. There are three rules.'],
    ['⟦Now then,⟧ here are the fields.', 'Here are the fields.'],
    ['Keep it short. Having said that, include every decision.', undefined],
    ['⟦As I mentioned before,⟧ if a report has two bugs, triage the first.', 'If a report has two bugs, triage the first.'],
    ['- Do not call the network (⟦as already mentioned above,⟧ use `responses` instead).', '- Do not call the network (use `responses` instead).'],
    ['Use the format (as shown in the table) for dates.', undefined],
    ['Format it as described above.', undefined],
    ['Be brief.\n\n⟦I would be really grateful for any help with this, I know it is a big ask.⟧\n', 'Be brief.\n'],
    ['Be brief.\n\n⟦Sorry for the long message, and thanks for reading!⟧\n', 'Be brief.\n'],
    ['Be brief.\n\nI would be grateful for a summary in French.', undefined],
    ['Be brief.\n\nSorry, the invoice total was wrong.', undefined],
    ['Be brief.\n\nLooking forward to the Q3 report.', undefined],
    ['Be brief.\n\nThanks, and make it good.', undefined],
    ['Be brief.\n\n⟦Thank you so much, you\'re a lifesaver!⟧\n', 'Be brief.\n'],
    ['Be brief.\n\n⟦Sorry if this is a bit long-winded!⟧\n', 'Be brief.\n'],
    ['⟦I know this is a lot to ask, but⟧ please use bullet points.', 'Please use bullet points.'],
    ['⟦Just a quick bit of background:⟧ our team ships on Tuesdays.', 'Our team ships on Tuesdays.'],
    ['Background: our team ships on Tuesdays.', undefined],
    ['⟦I would just like to say that⟧ the report goes to our VP.', 'The report goes to our VP.'],
    ['Be brief.\n\nSorry if the data is messy.', undefined],
    // The author's history with the task.
    ['Help me with a documentation task ⟦that I have been putting off for quite a while now⟧.', 'Help me with a documentation task.'],
    ['Write a weekly report for my team⟦, which is something I have been meaning to automate for ages⟧.', 'Write a weekly report for my team.'],
    ['Be brief.\n\n⟦I have been putting this off for weeks now.⟧\n', 'Be brief.\n'],
    ['List the bugs that we have been putting off since March.', undefined],
    ['Fix the test ⟦that I have been putting off⟧, then run it.', 'Fix the test, then run it.'],
    ['Fix the test   ⟦that I have been putting off⟧, then run it.', 'Fix the test, then run it.'],
    ['Help me with a task ⟦that I have\n  been putting off for ages⟧.', 'Help me with a task.'],
    // Purpose clauses about the exchange around an example.
    ['Here is an example of a good bullet⟦, just so that you have an idea of what I am looking for⟧:', 'Here is an example of a good bullet:'],
    ['⟦To give you a concrete idea of what we are expecting,⟧ here is an example.', 'Here is an example.'],
    ['Here is an example, so that you have an idea of the format.', undefined],
    // A restatement holding a number keeps it (numbers are protected); only the lead-in goes.
    ['Keep each bullet under 20 words.\n\n⟦Once again:⟧ keep every bullet under 20 words.', 'Keep each bullet under 20 words.\n\nKeep every bullet under 20 words.'],
    // The order stays; only the acknowledgement before it goes.
    ['Be brief.\n\n⟦I know this is a lot, so⟧ just do a good job.', 'Be brief.\n\nJust do a good job.'],
    // Half a thank-you paragraph addressed to people stays whole.
    ['Read the survey.\n\nThank you in advance for your collaboration. We really appreciate your time!\n', undefined],
    // Session 6: more lead-ins that only announce the statement, and asides to the reader.
    ['⟦I would just like to start off by saying that⟧ accessibility matters to us.', 'Accessibility matters to us.'],
    ['⟦I should probably explain that,⟧ at the moment, the team reads every lease.', 'At the moment, the team reads every lease.'],
    ['⟦I think it is probably worth mentioning again that⟧ empty headings are left out.', 'Empty headings are left out.'],
    ['⟦It has to be said that⟧ the process is slow.', 'The process is slow.'],
    ['⟦I just want to say, before anything else, that⟧ we are a small team.', 'We are a small team.'],
    ['⟦What this means in practice is that⟧ we never name people.', 'We never name people.'],
    ['⟦As I am sure you can imagine,⟧ delays happen.', 'Delays happen.'],
    ['I should probably explain why the team exists.', undefined],
    ['It has to be said by the reviewer.', undefined],
    ['As you can see in the table, dates vary.', undefined],
    ['Unfortunately, ⟦as I am sure you can imagine⟧, delays do happen.', 'Unfortunately, delays do happen.'],
    ['It has led, ⟦as I am sure you can appreciate⟧, to missed notices.', 'It has led to missed notices.'],
    ['I run a shop, and ⟦to be perfectly honest with you⟧, writing is hard.', 'I run a shop, and writing is hard.'],
    ['Look at the following areas, ⟦if that is alright⟧:', 'Look at the following areas:'],
    ['I would like to ask, ⟦if it is not too much trouble⟧, that you keep it kind.', 'I would like to ask that you keep it kind.'],
    ['Tell me if that is alright with the client.', undefined],
    ['Say "to be honest, I do not know" when unsure.', undefined],
    ['Be brief.\n\n⟦Many thanks in advance for your help with this.⟧\n', 'Be brief.\n'],
    ['Be brief.\n\n⟦Thank you again, this is going to save all of us a lot of time!⟧\n', 'Be brief.\n'],
    ['Be brief.\n\n⟦Thank you ever so much for your help!⟧\n', 'Be brief.\n'],
    ['Be brief.\n\nThanks, and follow the style guide.', undefined],
    ['Regarding formatting, ⟦it is worth pointing out right at the start that⟧ we use ruff.', 'Regarding formatting, we use ruff.'],
    ['Use a logger, never `print`, which, ⟦it is perhaps worth mentioning⟧, goes nowhere.', 'Use a logger, never `print`, which goes nowhere.'],
    ['These instructions are, ⟦in essence⟧, an attempt to list our conventions.', 'These instructions are an attempt to list our conventions.'],
    ['So, ⟦essentially⟧, draft a reply.', 'So, draft a reply.'],
    ['The wrapper is essentially a proxy.', undefined],
  ];
  for (const [marked, expected] of cases) it(JSON.stringify(marked), () => void check(marked, code, expected));
});

describe('verbose-phrase: hopes and announcements around an imperative', () => {
  const code = 'verbose-phrase';
  const cases: Array<[string, string | undefined]> = [
    ['⟦I am hoping that you can⟧ help me with a documentation task.', 'Help me with a documentation task.'],
    ["⟦I was hoping you could⟧ review the draft.", 'Review the draft.'],
    ['⟦I was wondering if you might be able to⟧ help me with this, since the queue is long.', 'Help me with this, since the queue is long.'],
    ['⟦I was wondering whether you could⟧ review the draft.', 'Review the draft.'],
    ['I was wondering if you could already tell.', undefined],
    ['I was wondering if you would be the right reviewer.', undefined],
    ['⟦The very first thing that you will need to do is to⟧ read the handler.', 'First, read the handler.'],
    // No imperative follows: the hope or the announcement is the statement itself.
    ['I hope you can see the point.', undefined],
    ['I was hoping you could already tell.', undefined],
    ['The first thing you should do is unclear.', undefined],
    ['The users I am hoping you can help are new.', undefined],
    ['⟦It is really quite important that you⟧ follow all the rules below.', 'You must follow all the rules below.'],
    // The sentence goes on at the next line: its first letter there is capitalised, the line break stays.
    ['3. Next, list the gaps. ⟦You should⟧\n   focus on edge cases.', '3. Next, list the gaps.\n   Focus on edge cases.'],
    ['3. Next, list the gaps.\n   You should\n   focus on edge cases.', undefined],
    // A removal followed by punctuation after a soft line break takes the line break, so no line starts with the comma.
    ['Ship roughly every two weeks\n⟦or so⟧, and every time write notes.', 'Ship roughly every two weeks, and every time write notes.'],
    ['Ship roughly every two weeks\n  ⟦or so⟧. Then write notes.', 'Ship roughly every two weeks. Then write notes.'],
    // The comma before a removed phrase goes when punctuation follows it.
    ['Read the whole draft carefully, ⟦from beginning to end⟧, and then give feedback.', 'Read the whole draft carefully, and then give feedback.'],
    ['Read the whole draft ⟦from beginning to end⟧.', 'Read the whole draft.'],
    // The wrapper's "to" also governs a coordinated infinitive: removing it would break the clause.
    ['You get a report, and what we need you to do is to read it and to fill in the fields.', undefined],
  ];
  for (const [marked, expected] of cases) it(JSON.stringify(marked), () => void check(marked, code, expected));
});

describe('verbose-phrase', () => {
  const code = 'verbose-phrase';
  const cases: Array<[string, string | undefined]> = [
    ['Read the file ⟦in order to⟧ find bugs.', 'Read the file to find bugs.'],
    ['⟦In order to⟧ find bugs, read the file.', 'To find bugs, read the file.'],
    ['Stop ⟦due to the fact that⟧ the input is empty.', 'Stop because the input is empty.'],
    ['⟦Make sure that you⟧ cite sources.', 'Cite sources.'],
    ['Read it twice to ⟦make sure that you⟧ cite sources.', 'Read it twice to ensure you cite sources.'],
    ['⟦Make sure that you⟧ are polite.', 'Ensure you are polite.'],
    ['⟦Make sure that you⟧ have installed the tools.', 'Ensure you have installed the tools.'],
    // Meta-talk around an imperative, at a sentence start, after a leading clause or a coordinator.
    ['⟦Make sure to⟧ keep the formatting.', 'Keep the formatting.'],
    ['If a value is missing, ⟦you should⟧ set it to null.', 'If a value is missing, set it to null.'],
    ['⟦You should not⟧ guess.', 'Do not guess.'],
    ['Read the code, then ⟦ensure you⟧ explain it.', 'Read the code, then explain it.'],
    ['⟦It is very important that you⟧ cite sources.', 'You must cite sources.'],
    ['⟦It is absolutely essential that you do not⟧ translate names.', 'You must not translate names.'],
    ['⟦It is important to⟧ start with the big picture.', 'Start with the big picture.'],
    ['Explain it ⟦in a simple and clear way⟧.', 'Explain it simply and clearly.'],
    ['Reuse helpers ⟦whenever it is possible to do so⟧.', 'Reuse helpers whenever possible.'],
    // A passive relative clause reduced to its participle, only after a noun.
    ['Read the commits ⟦that have been made⟧ since the release.', 'Read the commits made since the release.'],
    ['Note that was made clear.', undefined],
    ['Skip it because that was raised before.', undefined],
    ['If a PR merged that was discussed in a thread, link it.', undefined],
    ['Do not translate ⟦any of the⟧ model numbers.', 'Do not translate any model numbers.'],
    ['Pick any of the above.', undefined],
    // Holdout2 misfires: each pair only in the context it is valid in.
    ['Missing any of the six sections is a failure.', undefined],
    ['Pick any of the 3 options.', undefined],
    ['Use ⟦a wide range of⟧ tools.', 'Use diverse tools.'],
    ['Write for readers across a wide range of familiarity.', undefined],
    ['Cover a wide variety of data.', undefined],
    ['Support ⟦a wide range of⟧ Azure resources.', 'Support diverse Azure resources.'],
    ['Showcase ⟦a variety of⟧ property types.', 'Showcase various property types.'],
    ['Show a variety of his works.', undefined],
    ['Format the answer as json ⟦in the following manner⟧:', 'Format the answer as json as follows:'],
    ['Format the answer as json in the following manner where task 1 is the "a" field.', undefined],
    ['Format the answer in the following way that the user expects.', undefined],
    ['The first time that happens, offer the companion.', undefined],
    ['⟦The first time that⟧ you run it, wait.', 'The first time you run it, wait.'],
    ['⟦Every time that⟧ tests fail, stop.', 'Every time tests fail, stop.'],
    ['Keep it the way that works.', undefined],
    ['Ensure that happens before the release.', undefined],
    ['Explain ⟦what it is that⟧ has changed for the user.', 'Explain what has changed for the user.'],
    ['List the properties the system needs to be tunable.', undefined],
    ['Every field the parser has to be able to read is listed.', undefined],
    ['⟦The output needs to be⟧ valid JSON.'.replace('⟦The output needs to be⟧', 'The output ⟦needs to be⟧'), 'The output must be valid JSON.'],
    ['If the code ⟦needs to be⟧ changed, say so.', 'If the code must be changed, say so.'],
    ['It ⟦needs to be⟧ fast.', 'It must be fast.'],
    ['A monitor just needs to be created in the UI.', undefined],
    // "A number of" as a value, and an article the phrase cannot lose.
    ['There are ⟦a number of⟧ open issues.', 'There are several open issues.'],
    ['Given a number of minutes, return the hours.', undefined],
    ['The field must be a number of calls per day.', undefined],
    ['It returns a number of seconds.', undefined],
    ['Never send such a large number of requests.', undefined],
    ['Quite a number of users asked.', undefined],
    ['Send ⟦a large number of⟧ requests in parallel.', 'Send many requests in parallel.'],
    ['The key only has to be set once.', undefined],
    ['Each file simply needs to be listed.', undefined],
    ['Each field of the record ⟦has to be⟧ checked.', 'Each field of the record must be checked.'],
    ['Keep the bullets exactly ⟦the way that⟧ they are.', 'Keep the bullets exactly how they are.'],
    ['Answer in the way that the user asks.', undefined],
    ['⟦Your task is to⟧ summarize the ticket.', 'Summarize the ticket.'],
    ['You are a translator, and your job is to translate menus.', undefined],
    ['Your job is to flag, not to argue.', undefined],
    // Not an order: an expected result, a need in a list of conditions, a state.
    ['When you preview the site, you should see the component.', undefined],
    ['Use this skill whenever you need to install packages.', undefined],
    ['- You need to install npm packages for the first time', undefined],
    ['This is an ⟦end result⟧ of the test.', 'This is a result of the test.'],
    ['⟦The majority of⟧ the time, answer briefly.', 'Most of the time, answer briefly.'],
    ['⟦The majority of⟧ users prefer short answers.', 'Most users prefer short answers.'],
    ['You ⟦will be able to⟧ read files.', 'You can read files.'],
    ['Explain ⟦the reason why⟧ it failed.', 'Explain why it failed.'],
    ['⟦It is important that you⟧ cite sources.', 'You must cite sources.'],
    ['⟦It is important that you do not⟧ guess.', 'You must not guess.'],
    ['The rules ⟦listed below⟧ apply.', 'The rules below apply.'],
    ['⟦At the moment⟧, the API is down.', 'Now, the API is down.'],
    ['⟦When you are⟧ reviewing code, be kind.', 'When reviewing code, be kind.'],
    ['Here is the text ⟦that I would like you to⟧ translate.', 'Here is the text to translate.'],
    ['Read the file ⟦in order\nto⟧ find bugs.', 'Read the file to find bugs.'],
    ['⟦Utilize⟧ the cache ⟦prior to⟧ calling the API.', 'Use the cache before calling the API.'],
    // Grammar guards.
    ['The reason why it failed is unclear.', undefined],
    ['It is important that you are polite.', undefined],
    ['The rules are listed below.', undefined],
    ['At the moment of writing, the API is down.', undefined],
    ['It needs to have the ability to retry.', undefined],
    ['When you are done, stop.', undefined],
    // Plain-language pairs, each only in the context it is valid in (issue 12, session 5).
    ['If it is unclear, ⟦go ahead and⟧ list it separately.', 'If it is unclear, list it separately.'],
    ['⟦Go ahead and⟧ split the function.', 'Split the function.'],
    ['Go ahead and the rest will follow.', undefined],
    ['The code ⟦is going to⟧ replace the placeholders.', 'The code will replace the placeholders.'],
    ['We are going to the office.', undefined],
    ['She is going to Paris.', undefined],
    ['Keep it to about twenty words ⟦or so⟧.', 'Keep it to about twenty words.'],
    ['Keep it to twenty words or so.', undefined],
    ['Talk about it or so I hear.', undefined],
    ['Lines should not exceed 80 characters ⟦in length⟧.', 'Lines should not exceed 80 characters.'],
    ['Answers vary in length.', undefined],
    ['The text is formal ⟦in nature⟧.', 'The text is formal.'],
    ['Patterns found in nature repeat.', undefined],
    ['An animal in nature hides.', undefined],
    ['Pick ⟦one single⟧ category.', 'Pick one category.'],
    ['It is ⟦much, much⟧ worse.', 'It is much worse.'],
    ['⟦Never ever⟧ use a bare except.', 'Never use a bare except.'],
    ['It ⟦could possibly⟧ belong to both.', 'It could belong to both.'],
    ['Do the simplest thing that could possibly work.', undefined],
    ['⟦The reason for this is because⟧ we run mypy.', 'This is because we run mypy.'],
    // Session 6: hedges, doubled place words and intensifier stacks, each in the context it is valid in.
    ['Use ⟦at the very most⟧ three bullets.', 'Use at most three bullets.'],
    ['Give ⟦at the very least⟧ one reason.', 'Give at least one reason.'],
    ['Use the template ⟦further down below⟧.', 'Use the template below.'],
    ['See the table ⟦down below⟧ and the rules ⟦up above⟧.', 'See the table below and the rules above.'],
    ['Keep it to ⟦somewhere around⟧ 120 words.', 'Keep it to around 120 words.'],
    ['Write ⟦somewhere between⟧ 60 and 90 words.', 'Write between 60 and 90 words.'],
    ['Aim for ⟦somewhere in the region of about⟧ 150 words.', 'Aim for about 150 words.'],
    ['It lives somewhere around the office.', undefined],
    ['Pick somewhere between the two options.', undefined],
    ['Costs are in the region of Lyon.', undefined],
    ['In ⟦this particular⟧ task, focus on the diff.', 'In this task, focus on the diff.'],
    ['⟦Read through⟧ the whole draft.', 'Read the whole draft.'],
    ['Do not change the source code ⟦whatsoever⟧.', 'Do not change the source code.'],
    ['There is no need whatsoever to sell them anything now.', undefined],
    ['Make no changes ⟦whatsoever⟧, and report.', 'Make no changes, and report.'],
    ['Whatsoever you find, report it.', undefined],
    ['Do not use any Markdown formatting at all.', undefined],
    ['Work through these checks in order for every file.', undefined],
    ['Read it through twice.', undefined],
    ['Please ⟦take the time to⟧ read the notes.', 'Please read the notes.'],
    ['Take the time to the deadline into account.', undefined],
    ['Use fixtures ⟦wherever it is at all practical to do so⟧.', 'Use fixtures wherever practical.'],
    ['Reuse ingredients ⟦whenever it is possible⟧.', 'Reuse ingredients whenever possible.'],
    ['Check if it is possible to reuse the cache.', undefined],
    ['Stick to them ⟦as closely as you possibly can⟧.', 'Stick to them as closely as possible.'],
    ['Like ⟦a great many⟧ libraries, we have a backlog.', 'Like many libraries, we have a backlog.'],
    // Frequency adverbs only where one stands: after an auxiliary or "be", or before a bare verb at a sentence start.
    ['The output must ⟦at all times⟧ be valid JSON.', 'The output must always be valid JSON.'],
    ['You are ⟦at all times⟧ a reviewer.', 'You are always a reviewer.'],
    ['⟦At no time⟧ reveal the key.', 'Never reveal the key.'],
    // Elsewhere "always" moves before the verb: after the clause's one modal, or before the imperative that opens the sentence.
    ['Keep that in mind ⟦at all times⟧ when writing.', 'Always keep that in mind when writing.'],
    ['Follow these rules ⟦at all times⟧.', 'Always follow these rules.'],
    ['You are a billing agent, and you must stay within billing ⟦at all times⟧.', 'You are a billing agent, and you must always stay within billing.'],
    ['I would appreciate it if you could keep that in mind ⟦at all times⟧ when writing.', 'I would appreciate it if you could always keep that in mind when writing.'],
    ['Preserve the meaning, the tone and the formatting at all times, including line breaks.', undefined],
    ['Output at all times is JSON.', undefined],
    ['Data at all times stays local.', undefined],
    ['These rules apply at all times.', undefined],
    ['You must not at all times be silent.', undefined],
    ['At all times, keep the tone polite.', undefined],
    // The connective chain before an imperative ("So, essentially, …").
    ['So, essentially, ⟦what we need you to do is to⟧ draft a reply.', 'So, essentially, draft a reply.'],
    ['It is better to use null ⟦than it is to⟧ guess.', 'It is better to use null than to guess.'],
    ['For each email, ⟦what I would like you to do is to⟧ read it.', 'For each email, read it.'],
    ['What I would like you to do is unclear.', undefined],
    ['If in doubt, ⟦then in that case⟧ ask.', 'If in doubt, then ask.'],
    ['Help the team ⟦with the task of⟧ sorting emails.', 'Help the team with sorting emails.'],
    ['Describe the task of sorting emails.', undefined],
    ['We ⟦are in the process of⟧ migrating the API.', 'We are migrating the API.'],
    ['⟦Keep an eye out for⟧ strings that are not localized.', 'Watch for strings that are not localized.'],
    ['⟦Start off⟧ with a summary.', 'Start with a summary.'],
    ['A decision ⟦has an impact on⟧ customers.', 'A decision affects customers.'],
    ['Use a reason ⟦such as for example⟧ a typo.', 'Use a reason such as a typo.'],
    ['The text ⟦may very well⟧ contain typos.', 'The text may contain typos.'],
    ['Then, after that section, add risks.', undefined],
    ['⟦Write out a list of⟧ the decisions.', 'List the decisions.'],
    // Reduced relative clauses: only where "that" attaches to the noun right before it.
    ['Read the code ⟦that is in⟧ this repository.', 'Read the code in this repository.'],
    // A reduced relative that does not apply leaves the phrases inside it free.
    ['The people who ⟦are going to be⟧ reading it are busy.', 'The people who will be reading it are busy.'],
    ['Help the developers ⟦who are⟧ using our API.', 'Help the developers using our API.'],
    ['Skip the module ⟦that is⟧ being tested.', 'Skip the module being tested.'],
    ['Flag the tests that are failing.', undefined],
    ['Pick a topic that is interesting to readers.', undefined],
    ['List the tasks ⟦that are available⟧ for use.', 'List the tasks available for use.'],
    ['Follow any links that are relevant, then stop.', undefined],
    ['Include who is responsible for it.', undefined],
    ['Localize string resources contained in source code that are displayed to users.', undefined],
    ['Do not deploy a component into Dataverse that has been built in development mode.', undefined],
    ['- Deprecated APIs ⟦that have been removed⟧', '- Deprecated APIs removed'],
    ['Items ⟦that were removed⟧ or renamed are listed.', 'Items removed or renamed are listed.'],
    ['Thank the people ⟦who were in⟧ the meeting.', 'Thank the people in the meeting.'],
    ['You ⟦will be acting⟧ as a triage assistant.', 'You will act as a triage assistant.'],
    ['The summary ⟦will end up being⟧ cut off.', 'The summary will be cut off.'],
    ['Use language any reader ⟦would be able to⟧ understand.', 'Use language any reader could understand.'],
    ['⟦To begin with,⟧ list the attendees.', 'First, list the attendees.'],
    ['Words to begin with a capital are names.', undefined],
    ['⟦Write up a⟧ short summary.', 'Write a short summary.'],
    ['Decide ⟦which one of the⟧ categories fits.', 'Decide which of the categories fits.'],
    ['It is worse to miss it ⟦than it is for us to⟧ flag it.', 'It is worse to miss it than to flag it.'],
    ['Read the entire email ⟦from start to finish⟧.', 'Read the entire email.'],
    ['Read the email from start to finish.', undefined],
    ['⟦It is really very important for you to⟧ cite sources.', 'You must cite sources.'],
    ['So it is important that you explain things simply, and that you avoid jargon.', undefined],
    ['Make sure that you explain things simply, and that you avoid jargon.', undefined],
    ['⟦Make sure that⟧ the text sounds natural, and that it keeps the tone.', 'Ensure the text sounds natural, and that it keeps the tone.'],
    ["⟦It's important that you⟧ cite sources.", 'You must cite sources.'],
    ['⟦Write a short summary of⟧ the meeting.', 'Briefly summarize the meeting.'],
    ['Write a short summary of at most 50 words.', undefined],
    ['Read the whole diff ⟦before you start⟧ commenting.', 'Read the whole diff before commenting.'],
    ['Read the whole diff before you start.', undefined],
    ['Wait for a short ⟦period of time⟧.', 'Wait for a short period.'],
    ['Add a test ⟦if that is possible⟧.', 'Add a test if possible.'],
    ['Besides that, ⟦you should⟧ also watch for unlocalized strings.', 'Besides that, also watch for unlocalized strings.'],
    ['Finally, ⟦you should⟧ run the tests.', 'Finally, run the tests.'],
    ['However, you should see the new component.', undefined],
    ['Because of that, ⟦you should⟧ be careful.', 'Because of that, be careful.'],
    ['⟦It is very important that the output is⟧ valid JSON.', 'The output must be valid JSON.'],
    ['Keep it short, and ⟦it is also important that the email is⟧ friendly.', 'Keep it short, and the email must also be friendly.'],
    ['⟦It is important that it does not⟧ sound robotic.', 'It must not sound robotic.'],
    ['⟦It is important that the summary is actually⟧ useful.', 'The summary must actually be useful.'],
    ['It is important that the code that you write is clear.', undefined],
    ['Note why it is important that the output is valid JSON.', undefined],
    ['It is important that the output is valid, and that it is short.', undefined],
    ['⟦Ensure you do not⟧ mention pricing.', 'Do not mention pricing.'],
    ['Skip prices, and also ⟦ensure you do not⟧ mention pricing.', 'Skip prices, and also do not mention pricing.'],
    ['⟦Write out a list of⟧ all the people who spoke.', 'List all the people who spoke.'],
    // An opener away from an opening leaves the phrases inside it free.
    ['Skip trivia, but you ⟦should really make sure to⟧ explain hard parts.', 'Skip trivia, but you should explain hard parts.'],
    // "You should be able to" states an expectation, not an order.
    ['You should be able to figure this out.', undefined],
    // Whole words, protected spans and other languages.
    ['Use inorder to-do lists and the in-order-to flag.', undefined],
    ['IN ORDER TO WIN, PLAY.', undefined],
    ['Keep the quote "in order to help" as is.', undefined],
    ['See https://example.com/in-order-to and `make use of`.', undefined],
    ['Il faut répondre en français, in order to help.', undefined],
  ];
  for (const [marked, expected] of cases) it(JSON.stringify(marked), () => void check(marked, code, expected));

  it('adds user phrases and drops rewrites that save no token', () => {
    const settings: CompressionSettings = {
      phrases: [
        { from: 'the aforementioned document', to: 'it' },
        { from: 'without a doubt', to: '' },
        { from: 'use', to: 'make use of' },
      ],
    };
    check('Summarize ⟦the aforementioned document⟧ now.', code, 'Summarize it now.', { settings });
    check('This is ⟦without a doubt⟧ correct.', code, 'This is correct.', { settings });
    check('⟦Without a doubt⟧ this is correct.', code, 'This is correct.', { settings });
    check('Use tools.', code, undefined, { settings });
  });

  it('has a curated dictionary of at least 150 shortening phrases', () => {
    assert.ok(VERBOSE_PHRASES.length >= 150, `${VERBOSE_PHRASES.length} phrases`);
    const keys = new Set<string>();
    for (const entry of VERBOSE_PHRASES) {
      assert.equal(entry.from, entry.from.toLowerCase(), entry.from);
      assert.ok(entry.to.length < entry.from.length, `${entry.from} → ${entry.to} is not shorter`);
      assert.ok(!keys.has(entry.from), `duplicate ${entry.from}`);
      keys.add(entry.from);
    }
    // In a neutral sentence most entries save at least one token; all are measured before being offered.
    let offered = 0;
    for (const entry of VERBOSE_PHRASES) {
      const text = `Then ${entry.from} the data.`;
      if (diagnose(text, code).some((d) => (d.fixes?.length ?? 0) > 0)) offered++;
    }
    assert.ok(offered >= 150, `only ${offered} entries save tokens in context`);
  });
});

describe('duplicate-instruction', () => {
  const code = 'duplicate-instruction';
  const recaps: Array<[string, string | undefined]> = [
    [
      'Never use a bare except clause. Always add tests for new functions.\n\n⟦To summarize and repeat the most important points: never use a bare except, and always add tests for new functions.⟧\n',
      'Never use a bare except clause. Always add tests for new functions.\n',
    ],
    ['Do not comment on style. Read the whole diff first.\n\n⟦Once again: do not comment on style, and read the whole diff first.⟧', 'Do not comment on style. Read the whole diff first.'],
    // A "recap" that adds a rule is not a repeat.
    ['Do not comment on style.\n\nJust to reiterate, do not comment on style, and flag every missing migration in the database schema.', undefined],
    // Without a cue, a sentence that shares words is not announced as a repeat.
    ['Do not comment on style. Read the diff.\n\nRead the diff and do not comment on style.', undefined],
    // Said again in the same paragraph: every content word already there, same polarity, no longer.
    ['Because they are not developers, you must avoid using technical jargon of any kind. ⟦Do not use technical jargon.⟧ Use plain language.', 'Because they are not developers, you must avoid using technical jargon of any kind. Use plain language.'],
    ['Always use technical jargon of any kind. Do not use technical jargon.', undefined],
    ['Use technical jargon sparingly.\n\nUse technical jargon.', undefined],
    ['Keep the reply short and friendly. Keep it under 50 words.', undefined],
    ['Write the summary in English. ⟦Write the summary.⟧', 'Write the summary in English.'],
    // Holdout misfires: a mapping after a question, a punchline with its own emphasis, a repeat two sentences later.
    ['**Instructions vs Skill?** Does this apply to most work, or specific tasks? Most → Instructions. Specific → Skill.', undefined],
    ['An entity should mean one thing only. It should not mean two things at once. It should mean One Thing all of the time.', undefined],
    ['Avoid technical jargon. Be friendly. Avoid jargon.', undefined],
    // A cue in the first sentence has nothing to restate.
    ['Once again, check the logs for errors and warnings.', undefined],
    // One reading of "the same words" for both restatement checks (restatement.ts): "made up of", "each and every" are no content.
    ['The readers are end users and not developers, so avoid technical jargon.\n\n⟦Just to reiterate, the audience is made up of end users, not developers, so avoid jargon.⟧\n', 'The readers are end users and not developers, so avoid technical jargon.\n'],
    ['When you write tests, keep the following guidelines in mind. ⟦Follow the guidelines in each and every test that you write.⟧', 'When you write tests, keep the following guidelines in mind.'],
    ['When you write tests, keep the following guidelines in mind. Follow the guidelines in every test of the payment module.', undefined],
  ];
  for (const [marked, expected] of recaps) it(`restated: ${JSON.stringify(marked)}`, () => void check(marked, code, expected));
  it('removes a later verbatim copy in the same paragraph', () => {
    check('Always answer in English. Be brief. ⟦Always answer in English.⟧', code, 'Always answer in English. Be brief.');
  });
  it('removes copies equal after normalising case and punctuation', () => {
    check('- Cite sources.\n- Be brief.\n- ⟦cite  sources!⟧\n', code, '- Cite sources.\n- Be brief.\n');
  });
  it('removes a repeated paragraph with one blank line', () => {
    check('Keep answers short.\n\nUse lists.\n\n⟦Keep answers short.⟧\n\nEnd here.', code, 'Keep answers short.\n\nUse lists.\n\nEnd here.');
  });
  it('reports but does not remove copies holding protected spans', () => {
    const [d] = check('Use the value 42 when unsure. ⟦Use the value 42 when unsure.⟧', code, undefined);
    assert.match(d.message, /by hand/);
  });
  it('does not remove alternatives of a template conditional', () => {
    check('{% if strict %}\nBe concise always.\n{% else %}\n⟦Be concise always.⟧\n{% endif %}', code, undefined);
  });
  it('gives near-duplicates a hint without a fix', () => {
    const [d] = check(
      'Always answer the customer in formal British English.\n\n⟦Always answer the customer in formal English.⟧',
      code,
      undefined,
    );
    assert.equal(d.severity, 'hint');
    assert.match(d.message, /Similar to the instruction on line 1/);
  });
  it('ignores headings, short sentences and copies in other messages', () => {
    check('## Example\nOne.\n## Example\nTwo.', code, undefined);
    check('Yes. Yes.', code, undefined);
    const text = 'Always answer in English.\nAlways answer in English.';
    check(text, code, undefined, { regions: [{ start: 0, end: 25 }, { start: 26, end: text.length }] });
  });
});

describe('whitespace', () => {
  const code = 'whitespace';
  it('removes trailing whitespace that costs tokens', () => {
    check('Be brief.⟦        ⟧\n\nBe kind.', code, 'Be brief.\n\nBe kind.');
    check('Be brief.⟦ ⟧\nBe kind.', code, 'Be brief.\nBe kind.');
  });
  // Two or more trailing spaces before a line of the same paragraph or list item render a line
  // break (markdown hard break): structure, kept. Elsewhere they render nothing (holdout2 misfires).
  const hardBreaks: Array<[string, string | undefined]> = [
    ['- **Project Purpose**  \n  We are building a TypeSpec emitter.', undefined],
    ['**Q: Can I use agents today?**  \nA: Yes, with the current SDK.', undefined],
    ['1. Open the `app.csproj` file.  \n   Example:', undefined],
    ['Key: date + shard_id  \n• Shard calculation: hash(id) % 15', undefined],
    ['Be brief.\t  \nBe kind.', undefined],
    // Before a blank line, a new list item, a heading or the end, the spaces render nothing.
    ['Be brief.⟦   ⟧\n\nBe kind.', 'Be brief.\n\nBe kind.'],
    ['- Be brief.⟦  ⟧\n- Be kind.', '- Be brief.\n- Be kind.'],
    ['Be brief.⟦  ⟧\n# Next', 'Be brief.\n# Next'],
    ['Be brief.⟦  ⟧', 'Be brief.'],
    // A tab alone is no hard break.
    ['Be brief.⟦\t⟧\nBe kind.', 'Be brief.\nBe kind.'],
  ];
  for (const [marked, expected] of hardBreaks) it(`hard line breaks: ${JSON.stringify(marked)}`, () => void check(marked, code, expected));
  it('never re-spaces an example answer after "Here are some examples:" (genkit answer_relevancy)', () => {
    const example = [
      'Here are some examples:',
      '',
      'Question:',
      'Were there any groundbreaking features announced in 2023?',
      'Answer:',
      "I don't know about the  groundbreaking feature of the smartphone.",
      'Output:',
      '{"noncommittal":true}',
      '',
      'Now provide your analysis. Your response must be a valid JSON like you see above.',
      'Be  brief.',
    ].join('\n');
    check(example.replace('Be  brief', 'Be⟦  ⟧brief'), code, example.replace('Be  brief', 'Be brief'));
  });
  it('collapses runs of three or more blank lines', () => {
    check('Be brief.\n⟦   \n\n\t\n\n\n⟧Be kind.', code, 'Be brief.\n\nBe kind.');
  });
  it('keeps CRLF line endings when collapsing', () => {
    check('Be brief.\r\n⟦ \r\n\r\n\r\n\r\n\r\n⟧Be kind.', code, 'Be brief.\r\n\r\nBe kind.');
  });
  it('collapses repeated spaces between words', () => {
    check('Be⟦      ⟧brief.', code, 'Be brief.');
  });
  it('leaves code, tables, aligned text and quoted values alone', () => {
    check('```\nx = 1        \n\n\n\n\n\ny  =  2\n```', code, undefined);
    check('| a      | b      |\n|--------|--------|', code, undefined);
    check('Say "a      b" exactly.', code, undefined);
    check('Name      Age      City', code, undefined);
  });
});

describe('json-minify', () => {
  const code = 'json-minify';
  it('minifies pretty-printed JSON in a json fence, keeping every literal as written', () => {
    check(
      '```json\n⟦{\n  "a": 1.0,\n  "b": [\n    "x\\u00e9",\n    null\n  ],\n  "c": "{{name}}"\n}⟧\n```',
      code,
      '```json\n{"a":1.0,"b":["x\\u00e9",null],"c":"{{name}}"}\n```',
    );
  });
  it('minifies a JSON example in prose', () => {
    check('Return:\n\n⟦[\n  {\n    "id": "INV-2024-00917"\n  }\n]⟧\n\nNothing else.', code, 'Return:\n\n[{"id":"INV-2024-00917"}]\n\nNothing else.');
  });
  it('never minifies the output of a few-shot example (genkit faithfulness_long_form)', () => {
    const examples = (tail: string) =>
      [
        'Create statements from each sentence in the given answer.',
        'Here are some examples:',
        '',
        'question:',
        'Who was Albert Einstein?',
        'answer:',
        'A German-born physicist.',
        'statements in json:',
        '{\n  "statements": [\n    "Einstein was a physicist."\n  ]\n}',
        '',
        'question:',
        'Is cadmium chloride soluble in alcohol?',
        'answer:',
        'alcohol',
        'statements in json:',
        '{\n  "statements": [\n      "Cadmium chloride is slightly soluble in alcohol."\n  ]\n}',
        '',
        tail,
      ].join('\n');
    // The examples run on field label by field label, whatever the closing instruction says …
    check(examples('Now provide your analysis for the following inputs.'), code, undefined);
    // … and an instruction that points back at the JSON ("like you see above") keeps it as written.
    check('Return:\n\n{\n  "a": 1\n}\n\nYour response must be a valid JSON like you see above.', code, undefined);
    check('Return:\n\n⟦{\n  "a": 1\n}⟧\n\nNothing else.', code, 'Return:\n\n{"a":1}\n\nNothing else.');
  });
  it('is a quick fix for one block, never part of fix-all', () => {
    const text = 'Return:\n\n{\n  "a": 1\n}\n\nNothing else.';
    const input = { regions: [{ start: 0, end: text.length }], countTokens };
    const diagnostics = compressionDiagnostics(text, input).filter((d) => d.code === code);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].fixes?.[0].safeForFixAll, false);
    assert.deepEqual(fixesOf(diagnostics, { fixAllOnly: true }), []);
    assert.equal(compressAll(text, input).text, text);
  });
  it('leaves JSON alone that does not parse or is already compact', () => {
    check('```json\n{\n  "name": {{name}},\n}\n```', code, undefined);
    check('```jsonc\n{\n  // comment\n  "a": 1\n}\n```', code, undefined);
    check('```json\n{"a":1,"b":2}\n```', code, undefined);
    check('```python\n{\n  "a": 1\n}\n```', code, undefined);
  });
});

describe('settings', () => {
  it('switches rules off and changes their severity', () => {
    const text = 'Please note that in order to win, play.';
    const base = { regions: [{ start: 0, end: text.length }], countTokens };
    const codes = (settings?: CompressionSettings) => compressionDiagnostics(text, { ...base, settings }).map((d) => `${d.code}:${d.severity}`);
    assert.deepEqual(codes(), ['filler-phrase:hint', 'verbose-phrase:information']);
    assert.deepEqual(codes({ rules: { 'verbose-phrase': 'off' } }), ['filler-phrase:hint']);
    assert.deepEqual(codes({ rules: { 'filler-phrase': 'warning', 'verbose-phrase': 'error' } }), ['filler-phrase:warning', 'verbose-phrase:error']);
    assert.deepEqual(codes({ rules: { 'filler-phrase': 'loud' as never } }), ['filler-phrase:hint', 'verbose-phrase:information']);
    assert.equal(ruleSeverity('json-minify', undefined), 'information');
  });
  it('keeps English rules silent when the document declares another language', () => {
    const text = 'Please note that in order to win, play.   \n';
    const diagnostics = compressionDiagnostics(text, { regions: [{ start: 0, end: text.length }], countTokens, language: 'de-DE' });
    assert.deepEqual(diagnostics.map((d) => d.code), ['whitespace']);
    const english = compressionDiagnostics(text, { regions: [{ start: 0, end: text.length }], countTokens, language: 'en-GB' });
    assert.ok(english.some((d) => d.code === 'filler-phrase'));
  });
});

describe('applyFixes', () => {
  const fix = (code: string, start: number, end: number, newText: string, saved = 1): CompressionFix => ({
    code,
    title: code,
    edits: [{ range: { start, end }, newText }],
    savedTokens: saved,
  });
  it('applies non-overlapping fixes and reports each', () => {
    const r = applyFixes('abcdefghij', [fix('x', 8, 10, 'Z', 2), fix('y', 0, 2, '')]);
    assert.equal(r.text, 'cdefghZ');
    assert.deepEqual(r.applied, [{ code: 'x', saved: 2 }, { code: 'y', saved: 1 }]);
    assert.deepEqual(r.edits.map((e) => e.range.start), [0, 8]);
  });
  it('skips a fix that overlaps or touches one taken earlier, and malformed fixes', () => {
    const r = applyFixes('abcdefghij', [fix('a', 2, 5, ''), fix('b', 4, 6, ''), fix('c', 5, 7, ''), fix('d', 12, 14, ''), fix('e', 8, 9, '')]);
    assert.equal(r.text, 'abfghj');
    assert.deepEqual(r.applied.map((a) => a.code), ['a', 'e']);
    assert.equal(r.skipped, 3);
  });
  it('lets the order decide which of two conflicting fixes wins', () => {
    assert.equal(applyFixes('abcdef', [fix('a', 1, 3, ''), fix('b', 2, 4, 'X')]).text, 'adef');
    assert.equal(applyFixes('abcdef', [fix('b', 2, 4, 'X'), fix('a', 1, 3, '')]).text, 'abXef');
  });
});

describe('compressAll', () => {
  const text = '---\ndescription: Please note that in order to test\n---\nPlease note that in order to help, you should basically answer.\nThank you!\n';
  const regions = simplePromptRegions(text);
  it('applies all safe fixes to a fixed point, leaving front matter alone', () => {
    const r = compressAll(text, { regions, countTokens });
    assert.equal(r.text, '---\ndescription: Please note that in order to test\n---\nTo help, answer.\n');
    assert.equal(r.before, countTokens(text.slice(regions[0].start)));
    assert.equal(r.after, countTokens('To help, answer.\n'));
    assert.ok(r.converged);
    assert.deepEqual(new Set(r.applied.map((a) => a.code)), new Set(['filler-phrase', 'verbose-phrase']));
    assert.equal(r.applied.reduce((n, a) => n + a.saved, 0) >= r.before - r.after, true);
    assert.equal(r.regions[0].end, r.text.length);
  });
  it('stops after maxPasses', () => {
    const r = compressAll(text, { regions, countTokens }, { maxPasses: 1 });
    assert.equal(r.passes.length, 1);
  });
  it('exposes the protected spans it keeps', () => {
    const text = 'Use {{x}} and `y` at https://a.b/c for INV-1 in "quotes".';
    const spans = protectedSpans(text, { regions: [{ start: 0, end: text.length }], countTokens });
    const found = (kind: string) => spans.filter((s) => s.kind === kind).map((s) => text.slice(s.range.start, s.range.end));
    assert.deepEqual(found('template'), ['{{x}}']);
    assert.deepEqual(found('inline-code'), ['`y`']);
    assert.deepEqual(found('url'), ['https://a.b/c']);
    assert.ok(found('identifier').includes('INV-1'));
    assert.deepEqual(found('quoted'), ['"quotes"']);
  });
});

describe('compression core boundary', () => {
  it('imports nothing from the editor, the protocol, the file system or the network', () => {
    const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../../server/src/core/rules/compression');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts')) files.push(path);
      }
    };
    walk(root);
    assert.ok(files.length >= 10);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/from\s+'([^']+)'/g)) {
        assert.ok(m[1].startsWith('.'), `${file} imports ${m[1]}`);
      }
    }
  });
});
