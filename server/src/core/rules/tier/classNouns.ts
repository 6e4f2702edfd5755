/**
 * The nouns a set of classes, or the place a message is routed to, is named by ("one label",
 * "route … to the queue", "# Categories", "| Team | When |"). Every model-tier pattern that
 * recognises a choice among given classes builds its alternation from this one table, with the
 * nouns it needs, so a noun is spelt (singular, plural, either) in one place.
 */
const CLASS_NOUN_FORMS = {
  label: { one: 'label', many: 'labels', either: 'labels?' },
  tag: { one: 'tag', many: 'tags', either: 'tags?' },
  category: { one: 'category', many: 'categories', either: 'categor(?:y|ies)' },
  class: { one: 'class', many: 'classes', either: 'class(?:es)?' },
  intent: { one: 'intent', many: 'intents', either: 'intents?' },
  team: { one: 'team', many: 'teams', either: 'teams?' },
  queue: { one: 'queue', many: 'queues', either: 'queues?' },
  type: { one: 'type', many: 'types', either: 'types?' },
  topic: { one: 'topic', many: 'topics', either: 'topics?' },
  department: { one: 'department', many: 'departments', either: 'departments?' },
  bucket: { one: 'bucket', many: 'buckets', either: 'buckets?' },
  desk: { one: 'desk', many: 'desks', either: 'desks?' },
  channel: { one: 'channel', many: 'channels', either: 'channels?' },
  inbox: { one: 'inbox', many: 'inboxes', either: 'inbox(?:es)?' },
  mailbox: { one: 'mailbox', many: 'mailboxes', either: 'mailbox(?:es)?' },
  office: { one: 'office', many: 'offices', either: 'offices?' },
  agent: { one: 'agent', many: 'agents', either: 'agents?' },
  staff: { one: 'staff', many: 'staff', either: 'staff' },
  flow: { one: 'flow', many: 'flows', either: 'flows?' },
  group: { one: 'group', many: 'groups', either: 'groups?' },
  kind: { one: 'kind', many: 'kinds', either: 'kinds?' },
  sort: { one: 'sort', many: 'sorts', either: 'sorts?' },
  level: { one: 'level', many: 'levels', either: 'levels?' },
  tier: { one: 'tier', many: 'tiers', either: 'tiers?' },
  stage: { one: 'stage', many: 'stages', either: 'stages?' },
  status: { one: 'status', many: 'statuses', either: 'status(?:es)?' },
  value: { one: 'value', many: 'values', either: 'values?' },
  option: { one: 'option', many: 'options', either: 'options?' },
  code: { one: 'code', many: 'codes', either: 'codes?' },
  id: { one: 'id', many: 'ids', either: 'ids?' },
  entry: { one: 'entry', many: 'entries', either: 'entr(?:y|ies)' },
  choice: { one: 'choice', many: 'choices', either: 'choices?' },
  answer: { one: 'answer', many: 'answers', either: 'answers?' },
  action: { one: 'action', many: 'actions', either: 'actions?' },
  component: { one: 'component', many: 'components', either: 'components?' },
  language: { one: 'language', many: 'languages', either: 'languages?' },
  priority: { one: 'priority', many: 'priorities', either: 'priorit(?:y|ies)' },
  severity: { one: 'severity', many: 'severities', either: 'severit(?:y|ies)' },
  urgency: { one: 'urgency', many: 'urgencies', either: 'urgenc(?:y|ies)' },
  sentiment: { one: 'sentiment', many: 'sentiments', either: 'sentiments?' },
  tone: { one: 'tone', many: 'tones', either: 'tones?' },
  genre: { one: 'genre', many: 'genres', either: 'genres?' },
  mood: { one: 'mood', many: 'moods', either: 'moods?' },
} as const;

export type ClassNoun = keyof typeof CLASS_NOUN_FORMS;
export type NounForm = keyof (typeof CLASS_NOUN_FORMS)[ClassNoun];

/** The nouns that name a closed set of answers wherever they stand: "the labels", "one topic". */
export const ANSWER_SET_NOUNS: readonly ClassNoun[] = ['label', 'tag', 'category', 'class', 'intent', 'team', 'queue', 'type', 'topic'];
/** The other places a message is sent to by a routing prompt: "to the billing desk", "one bucket". */
export const DESTINATION_NOUNS: readonly ClassNoun[] = ['department', 'bucket', 'desk', 'channel'];
/** Both: every noun a choice among named classes is asked with ("route … to the queue", "one desk"). */
export const NAMED_CLASS_NOUNS: readonly ClassNoun[] = [...ANSWER_SET_NOUNS, ...DESTINATION_NOUNS];

/** `nouns` without `removed`, in the same order. */
export function without(nouns: readonly ClassNoun[], ...removed: ClassNoun[]): ClassNoun[] {
  return nouns.filter((noun) => !removed.includes(noun));
}

/**
 * A non-capturing regular-expression group that matches any of `nouns` in `form`. No noun's form
 * is a prefix of another noun's, so the order of `nouns` never changes what a pattern matches.
 */
export function classNouns(nouns: readonly ClassNoun[], form: NounForm = 'either'): string {
  return `(?:${nouns.map((noun) => CLASS_NOUN_FORMS[noun][form]).join('|')})`;
}

/** As `classNouns`, each noun's first letter in either case ("Labels", "labels"), for a case-sensitive pattern. */
export function classNounsAnyInitial(nouns: readonly ClassNoun[], form: NounForm = 'either'): string {
  const anyInitial = (spelling: string) => `[${spelling[0].toUpperCase()}${spelling[0]}]${spelling.slice(1)}`;
  return `(?:${nouns.map((noun) => anyInitial(CLASS_NOUN_FORMS[noun][form])).join('|')})`;
}
