/**
 * Fact-finding questions on the Brown corpus press texts (bench/brown.ts), written by reading the texts
 * before any tuning and not changed after seeing results. Each names its answer by a snippet that occurs
 * in exactly one passage (checked by the bench), so chunking changes do not break the key. Every third
 * question (index % 3 === 2) is held out: never looked at while tuning, reported separately.
 */
export type BrownKind = 'number' | 'name' | 'date' | 'place' | 'acronym' | 'paraphrase';

export interface BrownQuestion {
  question: string;
  /** Text found in the answering passage only. */
  answer: string;
  kind: BrownKind;
}

const QUESTIONS: BrownQuestion[] = [
  {
    question: 'How many people did Wexler issue grand jury subpoenas to?',
    answer: 'subpenas to about 200 persons',
    kind: 'number',
  },
  {
    question: 'Who is the chief defense counsel for the eight former policemen?',
    answer: 'The disclosure by Charles Bellows, chief defense counsel',
    kind: 'name',
  },
  {
    question: 'How many Soviet correspondents were accredited to the NATO meeting in Oslo?',
    answer: 'no fewer than six Soviet correspondents accredited',
    kind: 'number',
  },
  {
    question: 'Where would Riverside residents go in an emergency?',
    answer: 'Riverside residents would go to the Seekonk assembly point',
    kind: 'place',
  },
  {
    question: 'How many people heard the three Republican candidates for governor at the Park Hotel?',
    answer: 'before 100 persons at the Park Hotel',
    kind: 'number',
  },
  {
    question: 'Who is the Bronx Democratic leader?',
    answer: 'Charles A. Buckley, the Bronx Democratic leader',
    kind: 'name',
  },
  {
    question: 'When is the inaugural parade on Pennsylvania Avenue?',
    answer: 'for the big inaugural parade on Jan. 20',
    kind: 'date',
  },
  {
    question: 'Which building houses J. Edgar Hoover and the FBI?',
    answer: 'J. Edgar Hoover presides',
    kind: 'acronym',
  },
  {
    question: 'When is Desmond Connall expected back at work?',
    answer: 'expected back on the job by March 31',
    kind: 'date',
  },
  {
    question: 'Who scored the winning run against the Orioles?',
    answer: 'Throneberry was across',
    kind: 'name',
  },
  { question: "How far did Robinson's second double go?", answer: '375 feet deep into left', kind: 'number' },
  {
    question: 'How old is the place-kicker Moritz?',
    answer: 'Moritz, a 26-year-old Army Signal Corps veteran',
    kind: 'number',
  },
  {
    question: 'How many fans watched Nischwitz pitch in Denver?',
    answer: 'an on-the-scene audience of only 949',
    kind: 'number',
  },
  {
    question: 'How much will the Eagles pay Skorich?',
    answer: 'at a salary believed to be between $20,000 and $25,000 a year',
    kind: 'number',
  },
  {
    question: 'Which pitcher who had the flu will face his old Cardinal teammates?',
    answer: 'Harvey Haddix, set back by the flu',
    kind: 'paraphrase',
  },
  {
    question: 'Who will give the bride away at the Wendell wedding?',
    answer: 'Walter D. Monroe Jr., will give her in marriage',
    kind: 'paraphrase',
  },
  {
    question: 'Why will the Parichy-Hamm wedding be small?',
    answer: "Because of the recent death of the bride's father",
    kind: 'paraphrase',
  },
  {
    question: 'Where will General McDermott hold his black tie dinner?',
    answer: "in the Officers' Club at the Air Force Academy",
    kind: 'place',
  },
  {
    question: 'Who is the president of the B & O railroad?',
    answer: "Howard E. Simpson, the railroad's president",
    kind: 'name',
  },
  {
    question: 'What happened to the baby in the Anne Arundel county house fire?',
    answer: 'A baby was burned to death',
    kind: 'paraphrase',
  },
  {
    question: "Which American submarine was the Dreadnought's hull modelled on?",
    answer: "United States navy's Nautilus",
    kind: 'name',
  },
  {
    question: 'Who did the FBI say the Krogers really were?',
    answer: 'identified the Krogers as Morris and Lola Cohen',
    kind: 'acronym',
  },
  {
    question: 'How much money did the magistrate refuse to return to the spies?',
    answer: '$29,000 in American and British currency',
    kind: 'number',
  },
  {
    question: 'How old was Richard Pohl when he was convicted?',
    answer: '21-year-old Richard Pohl guilty of manslaughter',
    kind: 'number',
  },
  {
    question: "How far away is the Westphalia farm settled by Hengesbach's grandfather?",
    answer: '27 miles southwest of here',
    kind: 'number',
  },
  {
    question: "Who chairs Emory University's board?",
    answer: 'board chairman Henry L. Bowden stated',
    kind: 'name',
  },
  {
    question: 'How many people appeared at the tax appeals two weeks ago?',
    answer: 'About 75 persons appeared at that time',
    kind: 'number',
  },
  {
    question: 'Which seashore park did the Audubon Society chief want created?',
    answer: 'national seashore parks, including Point Reyes',
    kind: 'place',
  },
  {
    question: 'Which venture capital firm is William Draper with?',
    answer: 'Draper, Gaither & Anderson',
    kind: 'name',
  },
  {
    question: "By how much is Gus Ehlers' business up on last year?",
    answer: 'running 50% above a year earlier',
    kind: 'number',
  },
  {
    question: 'What percentage of the 1947-49 average is total farm output forecast at?',
    answer: '129% of the 1947-49 average',
    kind: 'number',
  },
  {
    question: 'Where was Greer Garson born?',
    answer: 'Greer Garson was born in County Down, Ireland',
    kind: 'place',
  },
  {
    question: 'Where will Greer Garson receive her Neiman-Marcus award?',
    answer: 'Grand Ballroom of the Sheraton-Dallas',
    kind: 'place',
  },
  {
    question: 'How many bake-offs had Mrs. Reese entered before she won?',
    answer: 'Mrs. Reese entered 10 past bake-offs',
    kind: 'number',
  },
  {
    question: 'How old was Dr. Swim at his birthday party?',
    answer: 'celebrated his 75th birthday at the Wilshire Country Club',
    kind: 'number',
  },
  {
    question: 'When does the San Francisco symphony season open?',
    answer: 'open with a special Gala Concert on November 22',
    kind: 'date',
  },
  {
    question: 'Who was the conductor when Guy Lumia played the violin solos?',
    answer: 'Evegeni Dubovskoi conducted an exceptionally large orchestra',
    kind: 'name',
  },
  {
    question: "Who is in charge of the American Institute of Decorators' White House redecoration?",
    answer: 'Mrs. Henry Francis Lenygon',
    kind: 'acronym',
  },
  {
    question: 'Which conductor shook hands with President Kennedy after Hail to the Chief?',
    answer: 'conductor James Christian Pfohl',
    kind: 'name',
  },
  {
    question: 'How many U.S. citizens were on the embassy staff in Cuba?',
    answer: 'the embassy staff alone totaled 87 U.S. citizens',
    kind: 'number',
  },
  {
    question: 'How many new members did Rayburn want to add to the Rules Committee?',
    answer: 'to add three new members to the Rules Committee',
    kind: 'number',
  },
  {
    question: 'By how much did Palmer overshoot the hole?',
    answer: 'he overshot the hole by 15 feet',
    kind: 'number',
  },
  {
    question: 'How many home runs did Babe Ruth have after 108 games in 1927?',
    answer: 'Ruth had 35 home runs',
    kind: 'number',
  },
  {
    question: 'How many officers was General Shoup promoted over?',
    answer: 'catapulted over nine officers senior to him',
    kind: 'paraphrase',
  },
  {
    question: 'Which paper quizzed Charlie Chaplin at his Swiss home?',
    answer: 'Izvestia, enterprisingly interviewed',
    kind: 'paraphrase',
  },
  {
    question: 'Which judge ordered the University of Georgia to admit a Negro student?',
    answer: 'Federal District Judge William A. Bootle',
    kind: 'name',
  },
  {
    question: 'What is the population of the Congo?',
    answer: 'The population of the Congo is 13.5 million',
    kind: 'number',
  },
  {
    question: 'Which countries sent the first U.N. troops to the Congo?',
    answer: 'Ghana, Tunisia, Morocco, Guinea and Mali',
    kind: 'place',
  },
  {
    question: 'Who is the U.S. ambassador to the UN?',
    answer: 'U.N. Ambassador Adlai Stevenson',
    kind: 'acronym',
  },
  {
    question: 'How long is the flight from Los Angeles to Houston?',
    answer: 'a routine five hours and 25 minutes',
    kind: 'number',
  },
  {
    question: 'What tax-free yield equals 8 per cent for an unmarried investor?',
    answer: 'a tax-free yield of 4 per cent is high',
    kind: 'number',
  },
  {
    question: 'How many book titles come out in a year?',
    answer: 'nearly 15,000 book titles',
    kind: 'number',
  },
  {
    question: 'Which library holds the social science collection?',
    answer: 'Freeport houses social science',
    kind: 'place',
  },
  {
    question: 'How much is the state grant authorized by Governor Vandiver?',
    answer: '$30,000 state grant',
    kind: 'number',
  },
  {
    question: 'Where would the buffalo roam in the proposed prairie national park?',
    answer: 'an area in Pottawatomie County, northeast Kansas',
    kind: 'place',
  },
  {
    question: 'Who is the secessionist president of Katanga?',
    answer: 'Moise Tshombe, the secessionist president',
    kind: 'name',
  },
  {
    question: 'When will New Yorkers vote on the new City Charter?',
    answer: 'Question No. 1 on Nov. 7',
    kind: 'date',
  },
  { question: 'When did the DeKalb cannery open?', answer: 'rationing years of 1941', kind: 'date' },
  {
    question: 'What did the owner pay to buy the painting back?',
    answer: 'bought it back for $590,000',
    kind: 'number',
  },
  {
    question: "How long was the letter writer's trip to Europe and the Far East?",
    answer: 'seven-week trip to Europe and the Far East',
    kind: 'number',
  },
  {
    question: 'How big a bomb does Khrushchev threaten the West with?',
    answer: 'Khrushchev threatens us with a 100-megaton bomb',
    kind: 'number',
  },
  { question: 'How many West Berliners are leaving each week?', answer: 'only 700 a week', kind: 'number' },
  {
    question: 'How many passengers a year would the railroads have to kill to match the car?',
    answer: 'regularly slaughtered 25,000 passengers each year',
    kind: 'number',
  },
  {
    question: 'How old is Serene, the belly dancer?',
    answer: 'Serene (Mrs. Wilson), 23, was born in Budapest',
    kind: 'number',
  },
  {
    question: "How long was Khrushchev's speech at the Congress?",
    answer: 'his twelve-hour speech at the recent Congress',
    kind: 'number',
  },
  {
    question: 'Where is the letter writer studying for his teaching degree?',
    answer: "Yale's Master of Arts in Teaching Program",
    kind: 'place',
  },
  {
    question: "When was Anna Xydis's last New York recital?",
    answer: 'first New York recital since 1948',
    kind: 'date',
  },
  {
    question: 'Who wrote the play about the embittered hero?',
    answer: 'work by John Osborne and Anthony Creighton',
    kind: 'name',
  },
  {
    question: 'Who composed the electronic score for "Signal"?',
    answer: 'an electronic score by Alwin Nikolais',
    kind: 'name',
  },
  { question: 'Who wrote Ring of Bright Water?', answer: 'by Gavin Maxwell is just that', kind: 'name' },
  {
    question: 'By what percentage has the Negro population of the U.S. grown?',
    answer: 'Negro population in the U.S. has increased 25 per cent',
    kind: 'number',
  },
  {
    question: 'Which theory of the universe does Professor Bondi back?',
    answer: 'He supports the steady-state theory',
    kind: 'paraphrase',
  },
  {
    question: 'How many nozzles does the Longwood Gardens fountain have?',
    answer: '229 nozzles throwing jets of water',
    kind: 'number',
  },
  {
    question: 'How fast does Taruffi think about driving on a wet road?',
    answer: '165 miles an hour',
    kind: 'number',
  },
  {
    question: "What fraction of Americans grow the nation's food?",
    answer: 'less than one-tenth of the people turn out so much food',
    kind: 'paraphrase',
  },
  { question: 'Who manages the Orioles?', answer: 'asked the Oriole manager', kind: 'name' },
  {
    question: 'Which Yankee slugger has been reading Tropic of Cancer?',
    answer: 'Mantle has shown unusual devotion',
    kind: 'name',
  },
  {
    question: 'Were the Atlanta purchasing offices run well, according to the grand jury?',
    answer: 'are well operated and follow generally accepted practices',
    kind: 'paraphrase',
  },
];

export const brownQuestions = QUESTIONS.map((q, i) => ({ ...q, heldOut: i % 3 === 2 }));

/** Questions the 1961 press texts cannot answer: the right reply is "nothing in the archive answers". */
export const brownUnanswerable: string[] = [
  'What is the price of a Tesla Model 3?',
  'How many bitcoins were mined in 2021?',
  'Who won the 2018 FIFA World Cup final?',
  'recipe for vegan chocolate brownies',
  'Which smartphone apps track sleep quality?',
  'How do I reset my wifi router password?',
  'Who is the chief executive of Microsoft?',
  'When did the Berlin Wall fall?',
];
