import type { Role } from "~/domain/organisations/kinds";

// What each role's start page says above the list of agreements. A person with
// several roles gets the text of the first role in this order.
const ORDER: readonly Role[] = [
  "coordinator",
  "clb_directeur",
  "clb_medewerker",
  "directie",
  "zorgcoordinator",
  "brugfiguur",
  "beheerder",
];

const TEXTS: Record<Role, { heading: string; intro: string }> = {
  coordinator: {
    heading: "Uw scholen en hun engagementen",
    intro: "Volg de engagementsverklaringen van de scholen waarmee uw brugfigurenwerking samenwerkt.",
  },
  clb_directeur: {
    heading: "De afsprakennota's van uw CLB",
    intro: "Hier ziet u de afspraken met alle scholen die uw CLB begeleidt, en wat nog ondertekend moet worden.",
  },
  clb_medewerker: {
    heading: "Afsprakennota's met uw scholen",
    intro: "Stel per school de afsprakennota op, pas ze aan na een evaluatie en volg ze op.",
  },
  directie: {
    heading: "De afspraken van uw school",
    intro: "Hier staat wat uw school afsprak met het CLB, de brugfiguren en andere partners.",
  },
  zorgcoordinator: {
    heading: "Afspraken over leerlingenbegeleiding",
    intro: "De afspraken van uw school met het CLB en de brugfiguren, om samen op te volgen.",
  },
  brugfiguur: {
    heading: "Uw scholen",
    intro: "De engagementsverklaringen van de scholen waar u als brugfiguur werkt.",
  },
  beheerder: {
    heading: "Overzicht voor beheer",
    intro: "Alle overeenkomsten van uw organisatie.",
  },
};

export function startPageText(roles: readonly Role[]): { heading: string; intro: string } {
  const role = ORDER.find((r) => roles.includes(r));
  return role ? TEXTS[role] : { heading: "Welkom", intro: "U bent nog aan geen organisatie gekoppeld." };
}
