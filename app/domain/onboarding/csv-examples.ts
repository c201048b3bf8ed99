// Example CSV contents shown as placeholders in the forms. Pure: safe for the browser.

export const SCHOOL_CSV_EXAMPLE =
  "instellingsnummer;naam;straat;postcode;gemeente;bestuur;bestuursnummer;net;niveau;scholengemeenschap;clb\n128015;Vrije Basisschool Sint-Jozef;Kleine Laan 4;9100;Sint-Niklaas;vzw Katholiek Onderwijs Waasland;1234;vrij gesubsidieerd onderwijs;basis;Scholengemeenschap Sint-Niklaas Basis;104561";

export const SIGNATORY_CSV_EXAMPLE = "instellingsnummer;naam;functie;e-mail;aanspreekpunt\n128015;Ann Peeters;directeur;directie@school.example;Tom Claes";
