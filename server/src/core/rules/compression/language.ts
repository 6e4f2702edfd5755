/**
 * Which sentences are English. The phrase and duplicate rules were written for English; text in
 * other languages is protected from them.
 *
 * Each sentence is scored by script (letters outside the Latin script) and by stopwords of
 * English and of the commonest Latin-script languages. A sentence without evidence (a short
 * "Be concise.") takes the verdict of its paragraph, then of its region, then of the document.
 */
import type { OffsetRange } from '../../types';
import type { RangeSet } from './edits';
import type { ProseBlock, Unit } from './segment';

const ENGLISH = words(
  'the and of to is are you your that this with for be it not on should will must do don\'t from by what which when each all any have has was were been only about into than then them they their there these those would could can may its our we my me how why who always never please answer write user must shall such more most other also if or an',
);

const OTHER: Record<string, Set<string>> = {
  fr: words('le la les des du une et est que qui dans pour pas sur avec vous nous ce cette sont ou au aux par plus ne je tu il elle ils leur mais comme être avoir fait très votre vos réponse réponds toujours jamais selon'),
  de: words('der die das und ist nicht ein eine einen zu den dem mit sich auf für von sie es wir ich du auch werden wird sind oder wenn bitte nur noch kann muss soll bei nach aus wie über dass immer antworte deine ihre keine'),
  es: words('el los las del que y es un una por con para como pero su sus al lo se más este esta son está muy también usted siempre nunca responde tu'),
  it: words('il gli della di che e è un una per con non sono come ma anche questo questa nel alla sempre mai rispondi tuo tua'),
  pt: words('os da dos das que em um uma para com não por mais seu sua é são você sempre nunca responda'),
  nl: words('de het een en van dat niet op te met voor zijn er maar om ook als bij je wat wordt altijd nooit antwoord'),
};

// Words shared with English (or too short to tell) are not evidence for another language.
for (const set of Object.values(OTHER)) for (const w of [...set]) if (ENGLISH.has(w) || w.length < 2) set.delete(w);

function words(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

interface Score {
  english: number;
  other: number;
  letters: number;
  nonLatin: number;
}

function emptyScore(): Score {
  return { english: 0, other: 0, letters: 0, nonLatin: 0 };
}

function add(a: Score, b: Score): void {
  a.english += b.english;
  a.other += b.other;
  a.letters += b.letters;
  a.nonLatin += b.nonLatin;
}

const WORD = /[\p{L}'’]+/gu;

function scoreUnit(text: string, range: OffsetRange, skip: RangeSet): Score {
  const score = emptyScore();
  const otherHits: Record<string, number> = {};
  const slice = text.slice(range.start, range.end);
  WORD.lastIndex = 0;
  for (let m = WORD.exec(slice); m; m = WORD.exec(slice)) {
    const at = range.start + m.index;
    if (skip.covers(at)) continue;
    const word = m[0].toLowerCase().replace(/’/g, "'");
    for (const ch of word) {
      if (ch === "'") continue;
      score.letters++;
      if (!/\p{Script=Latin}/u.test(ch)) score.nonLatin++;
    }
    if (ENGLISH.has(word)) score.english++;
    for (const [lang, set] of Object.entries(OTHER)) if (set.has(word)) otherHits[lang] = (otherHits[lang] ?? 0) + 1;
    // Letters with diacritics are weak evidence against English.
    if (/[à-öø-ÿœßąćęłńśźżčďěňřšťůž]/u.test(word)) otherHits.diacritics = (otherHits.diacritics ?? 0) + 0.5;
  }
  const diacritics = otherHits.diacritics ?? 0;
  delete otherHits.diacritics;
  score.other = Math.max(0, ...Object.values(otherHits)) + diacritics;
  return score;
}

type Verdict = 'english' | 'foreign' | 'unknown';

function verdict(s: Score): Verdict {
  if (s.letters === 0) return 'unknown';
  if (s.nonLatin / s.letters > 0.3) return 'foreign';
  if (s.english > s.other) return 'english';
  if (s.other > s.english) return 'foreign';
  return 'unknown';
}

/**
 * The units that are not English. `declared` is the document's declared language: when it names
 * another language every unit is foreign; otherwise each unit is judged as described above.
 */
export function foreignUnits(text: string, blocks: readonly ProseBlock[], skip: RangeSet, declared?: string): Unit[] {
  const all = blocks.flatMap((b) => b.units);
  if (declared && !/^en\b/i.test(declared.trim()) && declared.trim() !== '') return all;
  const unitScores = new Map<Unit, Score>();
  const blockScores = new Map<ProseBlock, Score>();
  const regionScores = new Map<number, Score>();
  const documentScore = emptyScore();
  for (const block of blocks) {
    const bs = emptyScore();
    for (const unit of block.units) {
      const s = scoreUnit(text, unit.range, skip);
      unitScores.set(unit, s);
      add(bs, s);
    }
    blockScores.set(block, bs);
    const rs = regionScores.get(block.region) ?? emptyScore();
    add(rs, bs);
    regionScores.set(block.region, rs);
    add(documentScore, bs);
  }
  const documentVerdict = verdict(documentScore);
  const foreign: Unit[] = [];
  for (const block of blocks) {
    const blockVerdict = verdict(blockScores.get(block) ?? emptyScore());
    const regionVerdict = verdict(regionScores.get(block.region) ?? emptyScore());
    for (const unit of block.units) {
      let v = verdict(unitScores.get(unit) ?? emptyScore());
      if (v === 'unknown') v = blockVerdict;
      if (v === 'unknown') v = regionVerdict;
      if (v === 'unknown') v = documentVerdict;
      if (v === 'foreign') foreign.push(unit);
    }
  }
  return foreign;
}
