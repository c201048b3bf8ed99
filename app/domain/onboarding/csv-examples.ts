// Example CSV contents shown as placeholders in the forms. Pure: safe for the browser.

export const SCHOOL_CSV_EXAMPLE = "instellingsnummer;naam;straat;postcode;gemeente\n128015;Vrije Basisschool Sint-Jozef;Kleine Laan 4;9100;Sint-Niklaas";

export const SIGNATORY_CSV_EXAMPLE = "instellingsnummer;naam;functie;e-mail;aanspreekpunt\n128015;Ann Peeters;directeur;directie@school.example;Tom Claes";
