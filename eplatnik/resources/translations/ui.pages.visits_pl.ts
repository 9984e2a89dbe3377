<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>VisitsPage</name>
    <message>
        <source>E-visits</source>
        <translation>E-wizyty</translation>
    </message>
    <message>
        <source>Book an e-visit</source>
        <translation>Zarezerwuj e-wizytę</translation>
    </message>
    <message>
        <source>My e-visits</source>
        <translation>Moje e-wizyty</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Dla</translation>
    </message>
    <message>
        <source>Matter (one per visit)</source>
        <translation>Sprawa (jedna na wizytę)</translation>
    </message>
    <message>
        <source>Have at hand</source>
        <translation>Przygotuj</translation>
    </message>
    <message>
        <source>Suggest unit</source>
        <translation>Podpowiedz jednostkę</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Kod pocztowy</translation>
    </message>
    <message>
        <source>ZUS unit</source>
        <translation>Jednostka ZUS</translation>
    </message>
    <message>
        <source>the person who joins the video call</source>
        <translation>osoba, która połączy się z ZUS</translation>
    </message>
    <message>
        <source>mobile number, e.g. 512 345 678</source>
        <translation>numer komórkowy, np. 512 345 678</translation>
    </message>
    <message>
        <source>A guardian (opiekun faktyczny lub prawny) joins the call</source>
        <translation>W rozmowie weźmie udział opiekun faktyczny lub prawny</translation>
    </message>
    <message>
        <source>I book as a proxy for this payer (registered ZUS-PEL needed)</source>
        <translation>Rezerwuję jako pełnomocnik tego płatnika (wymagane zarejestrowane ZUS-PEL)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Imię i nazwisko</translation>
    </message>
    <message>
        <source>Mobile phone (SMS)</source>
        <translation>Telefon komórkowy (SMS)</translation>
    </message>
    <message>
        <source>E-mail (link)</source>
        <translation>E-mail (link)</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Uwagi</translation>
    </message>
    <message>
        <source>Guardian</source>
        <translation>Opiekun</translation>
    </message>
    <message>
        <source>Proxy (accountant)</source>
        <translation>Pełnomocnik (księgowy)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Wstecz</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Dalej</translation>
    </message>
    <message>
        <source>Book another</source>
        <translation>Zarezerwuj kolejną</translation>
    </message>
    <message>
        <source>Step 1 of 5: the matter</source>
        <translation>Krok 1 z 5: sprawa</translation>
    </message>
    <message>
        <source>Step 2 of 5: the ZUS unit</source>
        <translation>Krok 2 z 5: jednostka ZUS</translation>
    </message>
    <message>
        <source>Step 3 of 5: a free slot</source>
        <translation>Krok 3 z 5: wolny termin</translation>
    </message>
    <message>
        <source>Step 4 of 5: contact details</source>
        <translation>Krok 4 z 5: dane kontaktowe</translation>
    </message>
    <message>
        <source>Step 5 of 5: check and book</source>
        <translation>Krok 5 z 5: sprawdź i zarezerwuj</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>Zarezerwowano</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Ponów</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>Zarezerwuj</translation>
    </message>
    <message>
        <source>Have at hand:</source>
        <translation>Przygotuj:</translation>
    </message>
    <message>
        <source>Application draft prepared from the account: {link}</source>
        <translation>Projekt wniosku przygotowany z konta: {link}</translation>
    </message>
    <message>
        <source>Pick a time on the right.</source>
        <translation>Wybierz godzinę z listy po prawej.</translation>
    </message>
    <message>
        <source> (suggested)</source>
        <translation> (podpowiedź)</translation>
    </message>
    <message>
        <source>No unit is known for this postal code: pick the one e-wizyta.zus.pl or PUE shows.</source>
        <translation>Dla tego kodu pocztowego nie znamy jednostki: wybierz tę, którą pokazuje e-wizyta.zus.pl lub PUE.</translation>
    </message>
    <message>
        <source>No connection to the booking service; the list comes from the program&apos;s file.</source>
        <translation>Brak połączenia z usługą rezerwacji; lista pochodzi z pliku programu.</translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation>Rezerwowanie…</translation>
    </message>
    <message>
        <source>a private person (enter the data)</source>
        <translation>osoba prywatna (wpisz dane)</translation>
    </message>
    <message>
        <source>{name} (insured person, PESEL {pesel})</source>
        <translation>{name} (ubezpieczony, PESEL {pesel})</translation>
    </message>
</context>
</TS>
