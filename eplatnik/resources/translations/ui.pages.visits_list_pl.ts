<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>MyVisitsTab</name>
    <message>
        <source>Filter by client: name, PESEL or NIP…</source>
        <translation>Filtruj po kliencie: nazwisko, PESEL lub NIP…</translation>
    </message>
    <message>
        <source>Cancel visit</source>
        <translation>Odwołaj wizytę</translation>
    </message>
    <message>
        <source>Save to calendar (.ics)…</source>
        <translation>Zapisz do kalendarza (.ics)…</translation>
    </message>
    <message>
        <source>Confirmation (PDF)…</source>
        <translation>Potwierdzenie (PDF)…</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>Dołącz</translation>
    </message>
    <message>
        <source>Send pending again</source>
        <translation>Wyślij ponownie oczekujące</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Kiedy</translation>
    </message>
    <message>
        <source>Matter</source>
        <translation>Sprawa</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Jednostka</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Osoba</translation>
    </message>
    <message>
        <source>PESEL / NIP</source>
        <translation>PESEL / NIP</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Numer</translation>
    </message>
    <message>
        <source>past</source>
        <translation>odbyta</translation>
    </message>
    <message>
        <source>now — join</source>
        <translation>teraz — dołącz</translation>
    </message>
    <message>
        <source>Cancel e-visit</source>
        <translation>Odwołanie e-wizyty</translation>
    </message>
    <message>
        <source>Cancel the e-visit on {when}? The slot becomes free for others at once.</source>
        <translation>Odwołać e-wizytę {when}? Termin od razu zwolni się dla innych.</translation>
    </message>
    <message>
        <source>Save to calendar</source>
        <translation>Zapisz do kalendarza</translation>
    </message>
    <message>
        <source>Calendar (*.ics)</source>
        <translation>Kalendarz (*.ics)</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Zapisano {path}</translation>
    </message>
    <message>
        <source>Save confirmation</source>
        <translation>Zapisz potwierdzenie</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>E-visit at {time}: {matter}. Have an identity document ready.</source>
        <translation>E-wizyta o {time}: {matter}. Przygotuj dokument tożsamości.</translation>
    </message>
    <message>
        <source>E-visit soon</source>
        <translation>Wkrótce e-wizyta</translation>
    </message>
</context>
</TS>
