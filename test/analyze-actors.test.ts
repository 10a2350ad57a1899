import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { abbreviates } from '../src/analyze/entities.ts';
import { summarise } from './fixtures/analyze/helpers.ts';

const actors = (body: string) => summarise(body).pub.actors;
const actor = (body: string, name: string) => actors(body).find((a) => a.name === name);

test('titles and ranks are cut off the name and kept as the role', () => {
  const body =
    'Media reported the return of Lieutenant General Kim Yong Bok and General Sin Kom Chol.';
  assert.is(actor(body, 'Kim Yong Bok')?.role, 'Lieutenant General');
  assert.is(actor(body, 'Sin Kom Chol')?.role, 'General');
  const minister = actor(
    'Nigerian Defense Minister Mohammed Badaru Abubakar announced the force.',
    'Mohammed Badaru Abubakar',
  );
  assert.is(minister?.kind, 'person');
  assert.is(minister?.affiliation, 'Nigeria');
  assert.is(
    actor('Secretary of State Marco Rubio met them.', 'Marco Rubio')?.role,
    'Secretary of State',
  );
});

test('appositives give role and affiliation', () => {
  const body =
    'Michael Madden, a North Korea expert at the Stimson Center, noted that Russia does not want it.';
  const madden = actor(body, 'Michael Madden');
  assert.is(madden?.role, 'North Korea expert');
  assert.is(madden?.affiliation, 'Stimson Center');
  assert.is(actor(body, 'Stimson Center')?.kind, 'organization');
  const snyder = actor(
    'Scott Snyder, director of the U.S.-Korea policy program at the Council on Foreign Relations, said talks would fail.',
    'Scott Snyder',
  );
  assert.is(snyder?.role, 'director of the U.S.-Korea policy program');
  assert.is(snyder?.affiliation, 'Council on Foreign Relations');
  const lambert = actor(
    'In January, Mark Lambert, who was the special envoy for North Korea, took up a new role.',
    'Mark Lambert',
  );
  assert.is(lambert?.role, 'special envoy for North Korea');
});

test('a lower-case role before the name, and "X of ORG"', () => {
  const kelly = actor(
    'Dubai-based intelligence analyst Martin Kelly of EOS Risk Group determined that it was loaded.',
    'Martin Kelly',
  );
  assert.is(kelly?.role, 'intelligence analyst');
  assert.is(kelly?.affiliation, 'EOS Risk Group');
  assert.is(
    actor('Dubai-based intelligence analyst Martin Kelly said so.', 'Dubai')?.kind,
    'place',
  );
});

test('surnames and family names join the full name', () => {
  const body =
    'North Korean leader Kim Jong Un met Lieutenant General Kim Yong Bok. Kim Jong Un praised him. Later, Kim spoke again. ' +
    'Robert Manning, a senior fellow at the Atlantic Council, agreed. Manning said more.';
  const list = actors(body);
  const kim = list.find((a) => a.name === 'Kim Jong Un');
  assert.ok(kim?.aliases.includes('Kim'));
  assert.is(kim?.mentions, 3);
  assert.ok(list.find((a) => a.name === 'Robert Manning')?.aliases.includes('Manning'));
  assert.not.ok(list.some((a) => a.name === 'Kim' || a.name === 'Manning'));
});

test('acronyms join their expansion', () => {
  const body =
    'Separatist militants from Baloch Liberation Army (BLA), a designated terror group, took over a train. The BLA said it acted alone. ' +
    'Analysts praised ECOWAS, the Economic Community of West African States, for acting.';
  const list = actors(body);
  const bla = list.filter((a) => [a.name, ...a.aliases].includes('BLA'));
  assert.is(bla.length, 1);
  assert.ok([bla[0].name, ...bla[0].aliases].includes('Baloch Liberation Army'));
  const ecowas = list.filter((a) => [a.name, ...a.aliases].includes('ECOWAS'));
  assert.is(ecowas.length, 1);
  assert.ok(
    [ecowas[0].name, ...ecowas[0].aliases].includes('Economic Community of West African States'),
  );
  assert.ok(abbreviates('ECOWAS', 'Economic Community of West African States'));
  assert.ok(abbreviates('BLA', 'Baloch Liberation Army'));
  assert.not.ok(abbreviates('CNN', 'Council on Foreign Relations'));
});

test('demonyms and capitals are aliases of their country', () => {
  const body =
    'North Korea sent troops to Russia. North Korean soldiers fought in Ukraine. Pyongyang’s backing reflects Moscow’s confidence, and Ukrainian forces held.';
  const list = actors(body);
  const nk = list.find((a) => a.name === 'North Korea');
  assert.is(nk?.kind, 'country');
  assert.equal(nk?.aliases, ['North Korean', 'Pyongyang']);
  assert.equal(list.find((a) => a.name === 'Russia')?.aliases, ['Moscow']);
  // A capital whose country the article never names is a place of its own.
  assert.is(actor('Their second summit was in February 2019 in Hanoi.', 'Hanoi')?.kind, 'place');
});

test('organisations: heads, connectors, descriptors and outlets', () => {
  const body =
    'Douglas Paal, vice president at the Carnegie Endowment for International Peace, spoke at the White House. ' +
    'The ship was tracked by ship-tracking website MarineTraffic and seen by Reuters. Jihadist groups, including Boko Haram, expanded.';
  const list = actors(body);
  for (const name of [
    'Carnegie Endowment for International Peace',
    'White House',
    'MarineTraffic',
    'Reuters',
    'Boko Haram',
  ]) {
    assert.is(list.find((a) => a.name === name)?.kind, 'organization', name);
  }
  assert.is(list.find((a) => a.name === 'Douglas Paal')?.kind, 'person');
});

test('places from their head word or their context', () => {
  const body =
    'The Jairan docked at Liuheng Island, then sailed to the Iranian port of Bandar Abbas through the Singapore Strait. ' +
    'A cell was dismantled in the Spanish cities of Seville and Ceuta. It left near Sibi for Russia’s Kursk region.';
  const list = actors(body);
  for (const name of [
    'Liuheng Island',
    'Bandar Abbas',
    'Singapore Strait',
    'Seville',
    'Ceuta',
    'Sibi',
  ]) {
    assert.is(list.find((a) => a.name === name)?.kind, 'place', name);
  }
  assert.ok(list.some((a) => a.name.startsWith('Kursk') && a.kind === 'place'));
});

test('sentence openers, months, events and interjections are not actors', () => {
  const body =
    'Observers suggest that this matters. Security analysts are praising the move. Beyond Ukraine, the talks stalled in January. ' +
    'Trump spoke during his State of the Union address. “Hey I need to force this,” he said. Ship-tracking websites show it.';
  const names = actors(body).map((a) => a.name);
  for (const bad of [
    'Observers',
    'Security',
    'Beyond Ukraine',
    'January',
    'State of the Union',
    'Hey I',
    'Ship-tracking',
  ]) {
    assert.not.ok(names.includes(bad), bad);
  }
});

test('particle names, bracketed acronyms and appositive kinds', () => {
  const body =
    'Al-Shabab, a U.S.-designated terrorist group, claimed the attack. Officials said al-Shabab fighters fled. ' +
    'The head of Doctors Without Borders (MSF) spoke. MSF said its teams treated 385 survivors. ' +
    'Iraqi Prime Minister Mohammed Shia al-Sudani spoke first. Sudani, posting on X, called it a success.';
  const list = actors(body);
  const shabab = list.find((a) => /al-Shabab/i.test(a.name));
  assert.is(shabab?.kind, 'organization');
  assert.is(shabab?.mentions, 2);
  const msf = list.filter((a) => [a.name, ...a.aliases].includes('MSF'));
  assert.is(msf.length, 1);
  assert.ok([msf[0].name, ...msf[0].aliases].includes('Doctors Without Borders'));
  assert.ok(list.find((a) => a.name === 'Mohammed Shia al-Sudani')?.aliases.includes('Sudani'));
});

test('a subhead run into the text starts no name', () => {
  const names = actors(
    'Talks brought ministers from Canada. Position on China Beyond Ukraine, G7 ministers also discussed China.',
  ).map((a) => a.name);
  assert.not.ok(names.some((n) => n.includes('Beyond')));
  assert.ok(names.includes('China'));
});

test('actors are ordered by mentions, then first mention', () => {
  const list = actors(
    'Russia and Ukraine talked. Ukraine said no. Ukraine left. China watched. Russia stayed.',
  );
  assert.equal(
    list.map((a) => a.name),
    ['Ukraine', 'Russia', 'China'],
  );
});

test('organisation names with "and" inside, also when they open a sentence', () => {
  const body =
    'Health workers and trade groups met. Health and Safety Commission officials said the plant was unsafe. ' +
    'National pride was high. National Water Agency engineers agreed. The Ocean and Climate Foundation paid for it.';
  const names = actors(body).map((a) => a.name);
  assert.ok(names.includes('Health and Safety Commission'), names.join('|'));
  assert.ok(names.includes('National Water Agency'), names.join('|'));
  assert.ok(names.includes('Ocean and Climate Foundation'), names.join('|'));
  assert.not.ok(names.includes('Safety Commission'));
  assert.not.ok(names.includes('Water Agency'));
});

test('organisation heads: research, international, consultancies, participles', () => {
  const body =
    'Polar Market Research estimated the market at twice its size. Lakeview International works in ten countries. ' +
    'Northern Consolidated said profits fell.';
  assert.is(actor(body, 'Polar Market Research')?.kind, 'organization');
  assert.is(actor(body, 'Lakeview International')?.kind, 'organization');
  assert.is(actor(body, 'Northern Consolidated')?.kind, 'organization');
  const names = actors('Oxfam and Amnesty International criticised the plan.').map((a) => a.name);
  assert.equal(names.sort(), ['Amnesty International', 'Oxfam']);
});

test('religions, works and hyphenated factions are no people or places', () => {
  const names = actors(
    'Most residents follow Sunni Islam. She wrote the book Quiet Harbor about it. ' +
      'Tamil-controlled Vanni Region voted. Tamil-led Eelam Front fighters left.',
  );
  const byName = (n: string) => names.find((a) => a.name === n);
  assert.not.ok(byName('Sunni Islam'));
  assert.not.ok(byName('Quiet Harbor'));
  assert.not.ok(byName('Tamil'));
  assert.not.ok(
    names.some((a) => a.kind === 'person'),
    JSON.stringify(names),
  );
});

test('plural peoples are groups; a name followed by ", which" is no person', () => {
  const body =
    'The Moravians say they were never consulted. Many Moravians settled abroad. ' +
    'Supplies reach Carlos Island, which lies offshore, by boat. Ships left for Carlos Island.';
  assert.is(actor(body, 'Moravians')?.kind, 'group');
  assert.is(actor(body, 'Carlos Island')?.kind, 'place');
  const body2 =
    'The navy base on Rosa Maria, which sits on the atoll, expanded. Planes fly to Rosa Maria daily.';
  assert.is(actor(body2, 'Rosa Maria')?.kind, 'place');
});

test('a name between "de"/"des" is one name', () => {
  const names = actors('Floods hit Pont des Arches and nearby towns on Monday.').map((a) => a.name);
  assert.not.ok(names.includes('Arches'), names.join('|'));
});

test('the role stops before the organisation that is the affiliation', () => {
  const body =
    'Lena Brock, deputy director of the Oslo-based Center for Water and Land Policy, said the plan would fail.';
  const brock = actor(body, 'Lena Brock');
  assert.is(brock?.role, 'deputy director');
  assert.is(brock?.affiliation, 'Center for Water and Land Policy');
});

test('a capital that stands for its government is the country', () => {
  const body = 'Analysts say Canberra wants calm. Ties between Canberra and Wellington are warm.';
  const au = actors(body).find((a) => a.name === 'Australia');
  assert.ok(au, JSON.stringify(actors(body)));
  assert.is(au?.kind, 'country');
  assert.is(
    actors('Our correspondent reported from Canberra.').find((a) => a.name === 'Australia'),
    undefined,
  );
});

test('"and" inside a name stops before a title or after an acronym', () => {
  const names = actors(
    'The suit names the Department of Farm Policy and Secretary Dana Hollis. Both NATO and African Union troops left.',
  ).map((a) => a.name);
  assert.ok(names.includes('Department of Farm Policy'), names.join('|'));
  assert.ok(names.includes('Dana Hollis'), names.join('|'));
  assert.ok(names.includes('NATO'), names.join('|'));
  assert.ok(names.includes('African Union'), names.join('|'));
});

test('documents, languages and acronyms of common nouns are not actors', () => {
  const names = actors(
    'Both sides signed the Lisbon Accords and the Coastal Charter. The report was written in English. ' +
      'Sales of EVs rose in Norway.',
  ).map((a) => a.name);
  for (const n of ['Lisbon Accords', 'Coastal Charter', 'English', 'EVs'])
    assert.not.ok(names.includes(n), names.join('|'));
  assert.ok(names.includes('Norway'));
});

test('a particle joined by a dash stays in the name', () => {
  const body = 'Later, President Omar al–Rashid left the capital. Rashid did not return.';
  const got = actors(body).filter((a) => a.kind === 'person');
  assert.is(got.length, 1, JSON.stringify(got));
  assert.is(got[0].name, 'Omar al–Rashid');
});

test('plural -ist nouns are no names; a name built on a movement is that movement', () => {
  const body =
    'Conservationists say the dam harms the river. Officials said the rebel Jaish-e-Hezbollah Sahel claimed it.';
  const names = actors(body).map((a) => a.name);
  assert.not.ok(names.includes('Conservationists'), names.join('|'));
  assert.is(actor(body, 'Jaish-e-Hezbollah Sahel')?.kind, 'organization');
});

test('a possessive inside a name: a people owning a state or an organisation', () => {
  const korea = actors(
    "The DPRK stands for the Democratic People's Republic of Korea, North Korea's official name.",
  );
  assert.ok(
    korea.some(
      (a) =>
        a.name === 'North Korea' && a.aliases.includes("Democratic People's Republic of Korea"),
    ),
    JSON.stringify(korea),
  );
  assert.not.ok(korea.some((a) => a.name === 'Democratic People'));
  const party = actors("Turkey fought the Kurdistan Workers' Party for decades, officials said.");
  assert.ok(party.some((a) => a.name === "Kurdistan Workers' Party" && a.kind === 'organization'));
  // An owner with a name of its own stays two actors.
  const ministry = actors("China's Foreign Ministry said on Monday that the talks had ended.");
  assert.ok(ministry.some((a) => a.name === 'China'));
  assert.ok(ministry.some((a) => a.name === 'Foreign Ministry'));
});

test('a list after a place: "X and Y" names each; a name after a comma is listed only inside a list', () => {
  const listed = actors(
    'Refugees fled to the Republic of Congo and Chad last year, aid groups said.',
  );
  assert.ok(
    listed.some((a) => a.name === 'Chad' && a.kind === 'country'),
    JSON.stringify(listed),
  );
  assert.not.ok(listed.some((a) => a.name.startsWith('and ')));
  const subject = actor(
    'After arriving in the U.S., David Gee was detained for a year. David Gee later worked in San Francisco.',
    'David Gee',
  );
  assert.is(subject?.kind, 'person');
});

test('"in X’s case" is no place; a name a subhead repeats is one name', () => {
  const zamora = actor(
    'A judge ordered journalist Jose Ruben Zamora back to prison. “We are troubled by what is happening in Jose Ruben Zamora’s case,” a lawyer said. Zamora denies the charges.',
    'Jose Ruben Zamora',
  );
  assert.is(zamora?.kind, 'person');
  assert.ok(zamora?.aliases.includes('Zamora'));
  const gee = actors('Her father was David Gee. David Gee David Gee migrated from China in 1927.');
  assert.not.ok(
    gee.some((a) => a.name === 'David Gee David Gee'),
    JSON.stringify(gee),
  );
});

test('hyphenated titles and "Resident Coordinator" are cut off the name', () => {
  const body =
    'U.N. Secretary-General Antonio Guterres condemned the arrests. “It goes on,” U.N. Resident Coordinator for Myanmar Andrew Kirkwood said.';
  const guterres = actor(body, 'Antonio Guterres');
  assert.is(guterres?.kind, 'person');
  assert.is(guterres?.role, 'U.N. Secretary-General');
  assert.is(actor(body, 'Andrew Kirkwood')?.kind, 'person');
  assert.not.ok(actors(body).some((a) => a.name.startsWith('U.N. ')));
});

test('a possessive after "in" places a name when what it owns is a part of a place', () => {
  const town = actor(
    "Heavy fighting continued on Tuesday in Zolotarivka's eastern districts, officials said. Residents of Zolotarivka said the shelling went on.",
    'Zolotarivka',
  );
  assert.is(town?.kind, 'place');
  // "Nations" is no people owning a name: the U.N. and its bodies stay apart.
  const un = actors(
    "The United Nations' Security Council met on Monday. The United Nations' World Food Programme warned of hunger. The United Nations said more aid was needed.",
  );
  assert.equal(
    un.map((a) => [a.name, a.mentions]),
    [
      ['United Nations', 3],
      ['Security Council', 1],
      ['World Food Programme', 1],
    ],
  );
});

test('a name of institution words, without context, is an organisation, not a person', () => {
  assert.is(
    actor(
      "Homeland Security's Noem said the base would be used. Officials agreed with Homeland Security.",
      'Homeland Security',
    )?.kind,
    'organization',
  );
  assert.is(
    actor(
      'Thirty passengers of an Air India flight tested positive, Italian officials said.',
      'Air India',
    )?.kind,
    'organization',
  );
  // Opening a quoted sentence, such a word is no name at all.
  assert.not.ok(
    actors(
      'The military repeated the claim. "Intelligence reports have confirmed that the attack was planned abroad," it said.',
    ).some((a) => a.name === 'Intelligence'),
  );
});

test('a name begun by a plural the article writes in lower case, or ended by a country, is no person', () => {
  const storms =
    'Jude is the third cyclone to hit Mozambique this year, following Cyclones Chido in December and Dikeledi in January.';
  assert.is(actor(storms, 'Cyclones Chido')?.kind, 'organization');
  const branch =
    'Bats are also being affected, said Ramon Marti, network director for Birdlife Spain. Birdlife South Africa agreed.';
  assert.is(actor(branch, 'Birdlife Spain')?.kind, 'organization');
  assert.is(actor(branch, 'Birdlife South Africa')?.kind, 'organization');
  assert.is(actor(branch, 'Ramon Marti')?.kind, 'person');
  // Anything that says person wins over a plural known only by its singular ("a rail"):
  // speech, or the surname used alone.
  const people =
    'The rail line closed. Rails Obuya said it was late. Later Tanks Mwangi arrived; Mwangi said the tank was gone.';
  assert.is(actor(people, 'Rails Obuya')?.kind, 'person');
  assert.is(actor(people, 'Tanks Mwangi')?.kind, 'person');
  // A surname that is also a country keeps its person.
  assert.is(actor('The novel was by Anatole France.', 'Anatole France')?.kind, 'person');
});

test('a day is no actor: "Christmas Eve", "New Year", "National Day", but "Doris Day" is', () => {
  const names = actors(
    'Troops stayed through Christmas Eve and the New Year. The National Day parade was cancelled, Doris Day said.',
  ).map((a) => a.name);
  assert.not.ok(names.includes('Christmas Eve'), names.join(', '));
  assert.not.ok(names.includes('New Year'), names.join(', '));
  assert.not.ok(names.includes('National Day'), names.join(', '));
  assert.ok(names.includes('Doris Day'), names.join(', '));
});

test.run();
