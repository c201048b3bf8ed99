// Invented but realistic demo setting in the Waasland: a city's brugfiguren
// service in Sint-Niklaas, two CLBs, thirteen schools, one user per role.
// All names, numbers and addresses are made up.

export const DEMO_PASSWORD = "Akkoord-demo-2026";

export const DEMO_ORGANISATIONS = [
  { key: "stad", kind: "lokaal_bestuur", name: "Stad Sint-Niklaas", municipality: "Sint-Niklaas", street: "Grote Markt 1", postalCode: "9100" },
  { key: "brug", kind: "brugfiguren", name: "Brugfiguren Sint-Niklaas", municipality: "Sint-Niklaas", street: "Hospitaalstraat 12", postalCode: "9100" },
  { key: "clbVrij", kind: "clb", name: "Vrij CLB Reynaertland", instellingsnummer: "104561", municipality: "Sint-Niklaas", street: "Kalkstraat 38", postalCode: "9100" },
  { key: "clbGo", kind: "clb", name: "CLB GO! Waasrand", instellingsnummer: "104579", municipality: "Temse", street: "Kasteelstraat 5", postalCode: "9140" },
  { key: "welzijn", kind: "welzijnspartner", name: "Huis van het Kind Waasland", municipality: "Sint-Niklaas", street: "Zamanstraat 4", postalCode: "9100" },
  { key: "wereldreiziger", kind: "school", name: "VBS De Wereldreiziger", instellingsnummer: "127341", municipality: "Sint-Niklaas", street: "Lindenstraat 21", postalCode: "9100", clb: "clbVrij" },
  { key: "klavertje", kind: "school", name: "Basisschool Het Klavertje", instellingsnummer: "127358", municipality: "Sint-Niklaas", street: "Vijfstraten 88", postalCode: "9100", clb: "clbVrij" },
  { key: "regenboog", kind: "school", name: "GBS De Regenboog", instellingsnummer: "127366", municipality: "Belsele", street: "Kerkplein 3", postalCode: "9111", clb: "clbGo" },
  { key: "zonnewijzer", kind: "school", name: "Vrije Basisschool De Zonnewijzer", instellingsnummer: "127374", municipality: "Nieuwkerken-Waas", street: "Pastorijstraat 9", postalCode: "9100", clb: "clbVrij" },
  { key: "waasrand", kind: "school", name: "GO! Atheneum Waasrand", instellingsnummer: "135217", municipality: "Sint-Niklaas", street: "Parklaan 61", postalCode: "9100", clb: "clbGo" },
  { key: "reynaert", kind: "school", name: "Sint-Reynaertcollege", instellingsnummer: "135225", municipality: "Sint-Niklaas", street: "Collegestraat 14", postalCode: "9100", clb: "clbVrij" },
  { key: "vlasbloem", kind: "school", name: "Technisch Instituut De Vlasbloem", instellingsnummer: "135233", municipality: "Temse", street: "Scheldestraat 102", postalCode: "9140", clb: "clbGo" },
  { key: "meander", kind: "school", name: "Middenschool De Meander", instellingsnummer: "135241", municipality: "Stekene", street: "Stationsstraat 27", postalCode: "9190", clb: "clbGo" },
  // Five more schools of the Vrij CLB with a signed nota, for the "Volgend schooljaar" board's bulk renewal.
  { key: "knipoog", kind: "school", name: "Basisschool De Knipoog", instellingsnummer: "127382", municipality: "Sinaai", street: "Dorpsstraat 14", postalCode: "9112", clb: "clbVrij" },
  { key: "kleineprins", kind: "school", name: "VBS De Kleine Prins", instellingsnummer: "127391", municipality: "Belsele", street: "Molenstraat 7", postalCode: "9111", clb: "clbVrij" },
  { key: "boomgaard", kind: "school", name: "Vrije Basisschool De Boomgaard", instellingsnummer: "127404", municipality: "Sint-Niklaas", street: "Boomgaardstraat 3", postalCode: "9100", clb: "clbVrij" },
  { key: "vlindertuin", kind: "school", name: "Basisschool De Vlindertuin", instellingsnummer: "127412", municipality: "Nieuwkerken-Waas", street: "Kerkstraat 40", postalCode: "9100", clb: "clbVrij" },
  { key: "sterrenhemel", kind: "school", name: "VBS De Sterrenhemel", instellingsnummer: "127429", municipality: "Sinaai", street: "Stationsstraat 2", postalCode: "9112", clb: "clbVrij" },
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
