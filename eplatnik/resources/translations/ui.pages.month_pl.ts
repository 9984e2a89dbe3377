<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>MonthPage</name>
    <message>
        <source>Month-end</source>
        <translation>Rozliczenie miesiąca</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Okres</translation>
    </message>
    <message>
        <source>all clients</source>
        <translation>wszyscy klienci</translation>
    </message>
    <message>
        <source>not yet sent</source>
        <translation>jeszcze niewysłane</translation>
    </message>
    <message>
        <source>deadline in 3 days</source>
        <translation>termin za 3 dni lub mniej</translation>
    </message>
    <message>
        <source>only rejected</source>
        <translation>tylko odrzucone</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>po terminie</translation>
    </message>
    <message>
        <source>Search: name, NIP, city…</source>
        <translation>Szukaj: nazwa, NIP, miejscowość…</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Klient</translation>
    </message>
    <message>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Termin</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>Dni do terminu</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>Do zapłaty</translation>
    </message>
    <message>
        <source>Arrears</source>
        <translation>Zaległość</translation>
    </message>
    <message>
        <source>Authorised until</source>
        <translation>Upoważnienie do</translation>
    </message>
    <message>
        <source>Certificate expires</source>
        <translation>Certyfikat ważny do</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Run the month for the selected clients…</source>
        <translation>Zamknij miesiąc dla zaznaczonych klientów…</translation>
    </message>
    <message>
        <source>Run for all clients shown…</source>
        <translation>Zamknij miesiąc dla wszystkich widocznych…</translation>
    </message>
    <message>
        <source>Resume the last run…</source>
        <translation>Wznów ostatni przebieg…</translation>
    </message>
    <message>
        <source>Payment notes…</source>
        <translation>Notki płatnicze…</translation>
    </message>
    <message>
        <source>Copy payment e-mail</source>
        <translation>Kopiuj e-mail z notką płatniczą</translation>
    </message>
    <message>
        <source>Copies the selected client&apos;s payment note as e-mail text</source>
        <translation>Kopiuje notkę płatniczą zaznaczonego klienta jako tekst e-maila</translation>
    </message>
    <message>
        <source>Contribution account (NRS)…</source>
        <translation>Rachunek składkowy (NRS)…</translation>
    </message>
    <message>
        <source>Office summary…</source>
        <translation>Podsumowanie dla biura…</translation>
    </message>
    <message>
        <source>Export for ePłatnik / Płatnik…</source>
        <translation>Eksport dla ePłatnika / Płatnika…</translation>
    </message>
    <message>
        <source>Every client&apos;s set of the period as KEDU files to import into ePłatnik or Płatnik, one file per client</source>
        <translation>Zestawy wszystkich klientów z okresu jako pliki KEDU do importu w ePłatniku albo Płatniku, po jednym pliku na klienta</translation>
    </message>
    <message>
        <source>{state} (test, not ZUS)</source>
        <translation>{state} (test, nie ZUS)</translation>
    </message>
    <message>
        <source>Clients: {n}; sent or accepted: {sent}, rejected: {rejected}, overdue: {overdue}</source>
        <translation>Klientów: {n}; wysłane lub przyjęte: {sent}, odrzucone: {rejected}, po terminie: {overdue}</translation>
    </message>
    <message>
        <source>* figures not final yet: {figures}</source>
        <translation>* wartości jeszcze nieostateczne: {figures}</translation>
    </message>
    <message>
        <source>not authorised</source>
        <translation>brak upoważnienia</translation>
    </message>
    <message>
        <source>open-ended</source>
        <translation>bezterminowo</translation>
    </message>
    <message>
        <source>⚠ {n} sets (marked *) were computed with figures that are not final yet: {figures}. Install the final figures when they are published (Settings) and build those sets again.</source>
        <translation>⚠ Zestawy ({n}, oznaczone *) obliczono z wartościami, które nie są jeszcze ostateczne: {figures}. Po publikacji zainstaluj ostateczne wartości (Ustawienia) i utwórz te zestawy ponownie.</translation>
    </message>
    <message>
        <source>run no. {id} is not finished: resume it to continue where it stopped</source>
        <translation>przebieg nr {id} nie został dokończony: wznów go, aby kontynuować od miejsca przerwania</translation>
    </message>
    <message>
        <source>Select at least one client.</source>
        <translation>Zaznacz co najmniej jednego klienta.</translation>
    </message>
    <message>
        <source>No run for this period yet.</source>
        <translation>Dla tego okresu nie było jeszcze przebiegu.</translation>
    </message>
    <message>
        <source>Folder for the payment notes</source>
        <translation>Katalog na notki płatnicze</translation>
    </message>
    <message>
        <source>Payment notes</source>
        <translation>Notki płatnicze</translation>
    </message>
    <message>
        <source>{n} payment notes written.</source>
        <translation>Zapisano notki płatnicze: {n}.</translation>
    </message>
    <message>
        <source>Select one client that has a declaration for this period.</source>
        <translation>Zaznacz jednego klienta, który ma deklarację za ten okres.</translation>
    </message>
    <message>
        <source>Payment e-mail for {name} copied to the clipboard ({email}).</source>
        <translation>Tekst e-maila z notką płatniczą dla {name} skopiowano do schowka ({email}).</translation>
    </message>
    <message>
        <source>Select one client.</source>
        <translation>Zaznacz jednego klienta.</translation>
    </message>
    <message>
        <source>derived from the NIP</source>
        <translation>wyznaczony z NIP</translation>
    </message>
    <message>
        <source>entered from ZUS&apos;s letter</source>
        <translation>wpisany z pisma ZUS</translation>
    </message>
    <message>
        <source>Enter the number from ZUS&apos;s letter, or leave it empty to use the one derived from the NIP:</source>
        <translation>Wpisz numer z pisma ZUS albo zostaw puste, aby używać numeru wyznaczonego z NIP:</translation>
    </message>
    <message>
        <source>Contribution account (NRS)</source>
        <translation>Rachunek składkowy (NRS)</translation>
    </message>
    <message>
        <source>Contribution account of {name} saved.</source>
        <translation>Zapisano rachunek składkowy klienta {name}.</translation>
    </message>
    <message>
        <source>Office summary</source>
        <translation>Podsumowanie dla biura</translation>
    </message>
    <message>
        <source>summary-{period}.pdf</source>
        <translation>zestawienie-{period}.pdf</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;CSV (*.csv)</source>
        <translation>PDF (*.pdf);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved {n} files (KEDU {version}) in {folder}.</source>
        <translation>Zapisane pliki (KEDU {version}): {n}, w katalogu {folder}.</translation>
    </message>
    <message>
        <source>Left out:</source>
        <translation>Pominięci:</translation>
    </message>
    <message>
        <source>Export for ePłatnik / Płatnik</source>
        <translation>Eksport dla ePłatnika / Płatnika</translation>
    </message>
    <message>
        <source>Writing the files…</source>
        <translation>Zapisywanie plików…</translation>
    </message>
</context>
</TS>
