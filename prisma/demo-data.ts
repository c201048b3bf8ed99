// Invented but realistic demo setting in the Waasland: a city's brugfiguren
// service in Sint-Niklaas, two CLBs, nineteen schools (each with the board that
// runs it), two welfare partners, one user per role and a member for each party
// of the city's samenwerkingsovereenkomst.
// All names, numbers and addresses are made up.

export const DEMO_PASSWORD = "Akkoord-demo-2026";

export const DEMO_ORGANISATIONS = [
  { key: "stad", kind: "lokaal_bestuur", name: "Stad Sint-Niklaas", municipality: "Sint-Niklaas", street: "Grote Markt 1", postalCode: "9100" },
  { key: "brug", kind: "brugfiguren", name: "Brugfiguren Sint-Niklaas", municipality: "Sint-Niklaas", street: "Hospitaalstraat 12", postalCode: "9100" },
  { key: "clbVrij", kind: "clb", name: "Vrij CLB Reynaertland", instellingsnummer: "104561", municipality: "Sint-Niklaas", street: "Kalkstraat 38", postalCode: "9100", boardName: "vzw Vrij CLB Waasland", boardNumber: "0410.221.304" },
  { key: "clbGo", kind: "clb", name: "CLB GO! Waasrand", instellingsnummer: "104579", municipality: "Temse", street: "Kasteelstraat 5", postalCode: "9140", boardName: "GO! Scholengroep Waasland", boardNumber: "2871" },
  { key: "welzijn", kind: "welzijnspartner", name: "Huis van het Kind Waasland", municipality: "Sint-Niklaas", street: "Zamanstraat 4", postalCode: "9100" },
  { key: "buurtwerk", kind: "welzijnspartner", name: "Buurtwerk De Ontmoeting vzw", municipality: "Sint-Niklaas", street: "Driekoningenstraat 17", postalCode: "9100" },
  { key: "wereldreiziger", kind: "school", name: "VBS De Wereldreiziger", instellingsnummer: "127341", municipality: "Sint-Niklaas", street: "Lindenstraat 21", postalCode: "9100", clb: "clbVrij", boardName: "vzw Katholiek Onderwijs Zuid", boardNumber: "1001", educationLevel: "basis", onderwijsnet: "vrij gesubsidieerd onderwijs" },
  { key: "klavertje", kind: "school", name: "Basisschool Het Klavertje", instellingsnummer: "127358", municipality: "Sint-Niklaas", street: "Vijfstraten 88", postalCode: "9100", clb: "clbVrij", boardName: "vzw Katholiek Onderwijs Zuid", boardNumber: "1001", educationLevel: "basis", onderwijsnet: "vrij gesubsidieerd onderwijs" },
  { key: "regenboog", kind: "school", name: "GBS De Regenboog", instellingsnummer: "127366", municipality: "Belsele", street: "Kerkplein 3", postalCode: "9111", clb: "clbGo", boardName: "Gemeentebestuur Sint-Niklaas", boardNumber: "1203", educationLevel: "basis", onderwijsnet: "officieel gesubsidieerd onderwijs" },
  { key: "zonnewijzer", kind: "school", name: "Vrije Basisschool De Zonnewijzer", instellingsnummer: "127374", municipality: "Nieuwkerken-Waas", street: "Pastorijstraat 9", postalCode: "9100", clb: "clbVrij", boardName: "vzw Katholiek Onderwijs Zuid", boardNumber: "1001", educationLevel: "basis", onderwijsnet: "vrij gesubsidieerd onderwijs" },
  { key: "waasrand", kind: "school", name: "GO! Atheneum Waasrand", instellingsnummer: "135217", municipality: "Sint-Niklaas", street: "Parklaan 61", postalCode: "9100", clb: "clbGo", boardName: "GO! Scholengroep Waasland", boardNumber: "2871", educationLevel: "secundair", onderwijsnet: "gemeenschapsonderwijs" },
  { key: "reynaert", kind: "school", name: "Sint-Reynaertcollege", instellingsnummer: "135225", municipality: "Sint-Niklaas", street: "Collegestraat 14", postalCode: "9100", clb: "clbVrij", boardName: "vzw Sint-Reynaert Scholen", boardNumber: "1045", educationLevel: "secundair", onderwijsnet: "vrij gesubsidieerd onderwijs" },
  { key: "vlasbloem", kind: "school", name: "Technisch Instituut De Vlasbloem", instellingsnummer: "135233", municipality: "Temse", street: "Scheldestraat 102", postalCode: "9140", clb: "clbGo", boardName: "GO! Scholengroep Waasland", boardNumber: "2871", educationLevel: "secundair", onderwijsnet: "gemeenschapsonderwijs" },
  { key: "meander", kind: "school", name: "Middenschool De Meander", instellingsnummer: "135241", municipality: "Stekene", street: "Stationsstraat 27", postalCode: "9190", clb: "clbGo", boardName: "GO! Scholengroep Waasland", boardNumber: "2871", educationLevel: "secundair", onderwijsnet: "gemeenschapsonderwijs" },
  // Five more schools of the Vrij CLB with a signed nota, for the "Volgend schooljaar" board's bulk renewal.
  { key: "knipoog", kind: "school", name: "Basisschool De Knipoog", instellingsnummer: "127382", municipality: "Sinaai", street: "Dorpsstraat 14", postalCode: "9112", clb: "clbVrij", boardName: "vzw Katholiek Onderwijs Zuid", boardNumber: "1001", educationLevel: "basis", onderwijsnet: "vrij gesubsidieerd onderwijs" },
  { key: "kleineprins", kind: "school", name: "VBS De Kleine Prins", instellingsnummer: "127391", municipality: "Belsele", street: "Molenstraat 7", postalCode: "9111", clb: "clbVrij", boardName: "vzw Katholiek Onderwijs Zuid", boardNumber: "1001", educationLevel: "basis", onderwijsnet: "vrij gesubsidieerd onderwijs" },
  { key: "boomgaard", kind: "school", name: "Vrije Basisschool De Boomgaard", instellingsnummer: "127404", municipality: "Sint-Niklaas", street: "Boomgaardstraat 3", postalCode: "9100", clb: "clbVrij", boardName: "vzw Katholiek Onderwijs Zuid", boardNumber: "1001", educationLevel: "basis", onderwijsnet: "vrij gesubsidieerd onderwijs" },
  { key: "vlindertuin", kind: "school", name: "Basisschool De Vlindertuin", instellingsnummer: "127412", municipality: "Nieuwkerken-Waas", street: "Kerkstraat 40", postalCode: "9100", clb: "clbVrij", boardName: "vzw Katholiek Onderwijs Zuid", boardNumber: "1001", educationLevel: "basis", onderwijsnet: "vrij gesubsidieerd onderwijs" },
  { key: "sterrenhemel", kind: "school", name: "VBS De Sterrenhemel", instellingsnummer: "127429", municipality: "Sinaai", street: "Stationsstraat 2", postalCode: "9112", clb: "clbVrij", boardName: "vzw Katholiek Onderwijs Zuid", boardNumber: "1001", educationLevel: "basis", onderwijsnet: "vrij gesubsidieerd onderwijs" },
  // Six more schools on the Vrij CLB's list (15 in all) without a nota yet: its dashboard shows them as "Geen".
  { key: "kameleon", kind: "school", name: "VBS De Kameleon", instellingsnummer: "127437", municipality: "Sint-Niklaas", street: "Tuinlaan 5", postalCode: "9100", clb: "clbVrij", noNota: true, boardName: "vzw Katholiek Onderwijs Zuid", boardNumber: "1001", educationLevel: "basis", onderwijsnet: "vrij gesubsidieerd onderwijs" },
  { key: "linde", kind: "school", name: "Vrije Basisschool Ter Linde", instellingsnummer: "127445", municipality: "Belsele", street: "Lindestraat 11", postalCode: "9111", clb: "clbVrij", noNota: true, boardName: "vzw Katholiek Onderwijs Zuid", boardNumber: "1001", educationLevel: "basis", onderwijsnet: "vrij gesubsidieerd onderwijs" },
  { key: "horizon", kind: "school", name: "Buitengewoon Basisonderwijs Horizon", instellingsnummer: "127453", municipality: "Sint-Niklaas", street: "Zwijgershoek 20", postalCode: "9100", clb: "clbVrij", noNota: true, boardName: "vzw Katholiek Onderwijs Zuid", boardNumber: "1001", educationLevel: "buitengewoon", onderwijsnet: "vrij gesubsidieerd onderwijs" },
  { key: "heilighart", kind: "school", name: "Heilig-Hartcollege Waas", instellingsnummer: "135258", municipality: "Sint-Niklaas", street: "Kokkelbeekstraat 1", postalCode: "9100", clb: "clbVrij", noNota: true, boardName: "vzw Katholiek Onderwijs Zuid", boardNumber: "1001", educationLevel: "secundair", onderwijsnet: "vrij gesubsidieerd onderwijs" },
  { key: "mozaiek", kind: "school", name: "Stedelijke Basisschool Mozaïek", instellingsnummer: "127461", municipality: "Sint-Niklaas", street: "Hoogstraat 60", postalCode: "9100", clb: "clbVrij", noNota: true, boardName: "Gemeentebestuur Sint-Niklaas", boardNumber: "1203", educationLevel: "basis", onderwijsnet: "officieel gesubsidieerd onderwijs" },
  { key: "scheldeland", kind: "school", name: "Sint-Jozefinstituut Scheldeland", instellingsnummer: "135266", municipality: "Temse", street: "Kouterstraat 9", postalCode: "9140", clb: "clbVrij", noNota: true, boardName: "vzw Katholiek Onderwijs Zuid", boardNumber: "1001", educationLevel: "secundair", onderwijsnet: "vrij gesubsidieerd onderwijs" },
] as const;

export type DemoOrganisationKey = (typeof DEMO_ORGANISATIONS)[number]["key"];

export const DEMO_USERS: ReadonlyArray<{
  email: string;
  name: string;
  memberships: ReadonlyArray<{ org: DemoOrganisationKey; role: string; functionTitle: string }>;
}> = [
  { email: "directie@akkoord.example", name: "Els Vermeulen", memberships: [{ org: "wereldreiziger", role: "directie", functionTitle: "directeur" }] },
  { email: "zorg@akkoord.example", name: "Tom De Smet", memberships: [{ org: "wereldreiziger", role: "zorgcoordinator", functionTitle: "zorgcoördinator" }] },
  { email: "clb@akkoord.example", name: "Nadia El Amrani", memberships: [{ org: "clbVrij", role: "clb_medewerker", functionTitle: "ankerfiguur" }] },
  { email: "clb-directeur@akkoord.example", name: "Koen Van Damme", memberships: [{ org: "clbVrij", role: "clb_directeur", functionTitle: "CLB-directeur" }] },
  { email: "brugfiguur@akkoord.example", name: "Sara Claes", memberships: [{ org: "brug", role: "brugfiguur", functionTitle: "brugfiguur" }] },
  { email: "coordinator@akkoord.example", name: "Pieter Goossens", memberships: [{ org: "brug", role: "coordinator", functionTitle: "coördinator brugfiguren" }] },
  { email: "beheerder@akkoord.example", name: "Lies Martens", memberships: [{ org: "brug", role: "beheerder", functionTitle: "functioneel beheerder" }, { org: "stad", role: "beheerder", functionTitle: "functioneel beheerder" }] },
  // The other parties of the city's samenwerkingsovereenkomst, each accepting for itself (issue 13).
  { email: "stad@akkoord.example", name: "Hilde Peeters", memberships: [{ org: "stad", role: "coordinator", functionTitle: "coördinator onderwijs" }] },
  { email: "reynaert@akkoord.example", name: "Marc Van Hoeck", memberships: [{ org: "reynaert", role: "directie", functionTitle: "directeur" }] },
  { email: "zonnewijzer@akkoord.example", name: "Sofie Maes", memberships: [{ org: "zonnewijzer", role: "directie", functionTitle: "directeur" }] },
  { email: "welzijn@akkoord.example", name: "Ann Verstraete", memberships: [{ org: "welzijn", role: "coordinator", functionTitle: "coördinator" }] },
  { email: "buurtwerk@akkoord.example", name: "Youssef Benali", memberships: [{ org: "buurtwerk", role: "coordinator", functionTitle: "coördinator" }] },
];

/**
 * The Vrij CLB's other ankerfiguren (issue 13, named people): each is the CLB's
 * default contact for some of its schools, named in those schools' notas.
 * Nadia El Amrani (clb@akkoord.example) is the ankerfiguur of the others.
 */
export const DEMO_ANKERFIGUREN: ReadonlyArray<{ email: string; name: string; schools: readonly DemoOrganisationKey[] }> = [
  { email: "ankerfiguur.sinaai@akkoord.example", name: "Hanne Peeters", schools: ["knipoog", "sterrenhemel", "kleineprins"] },
  { email: "ankerfiguur.stad@akkoord.example", name: "Jonas Wouters", schools: ["klavertje", "reynaert", "boomgaard"] },
];
