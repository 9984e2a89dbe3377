<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>SubmissionsModel</name>
    <message>
        <source>Reference</source>
        <translation>Numer referencyjny</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>Płatnik</translation>
    </message>
    <message>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Okres</translation>
    </message>
    <message>
        <source>Forms</source>
        <translation>Formularze</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Wysłano</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>UPO</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Źródło</translation>
    </message>
</context>
<context>
    <name>SubmissionsPage</name>
    <message>
        <source>Submission and receipts</source>
        <translation>Wysyłka i potwierdzenia</translation>
    </message>
    <message>
        <source>Client (NIP or name) or reference…</source>
        <translation>Klient (NIP lub nazwa) albo numer referencyjny…</translation>
    </message>
    <message>
        <source>All forms</source>
        <translation>Wszystkie formularze</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Wszystkie stany</translation>
    </message>
    <message>
        <source>Send signed files…</source>
        <translation>Wyślij podpisane pliki…</translation>
    </message>
    <message>
        <source>Send pending and collect receipts</source>
        <translation>Wyślij oczekujące i odbierz potwierdzenia</translation>
    </message>
    <message>
        <source>Verify all receipts</source>
        <translation>Sprawdź wszystkie potwierdzenia</translation>
    </message>
    <message>
        <source>Receipt PDF…</source>
        <translation>Potwierdzenie PDF…</translation>
    </message>
    <message>
        <source>Client&apos;s month as ZIP…</source>
        <translation>Miesiąc klienta jako ZIP…</translation>
    </message>
    <message>
        <source>Double-click an error to open the document at that field.</source>
        <translation>Kliknij dwukrotnie błąd, aby otworzyć dokument w tym polu.</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>zweryfikowane</translation>
    </message>
    <message>
        <source>INVALID</source>
        <translation>NIEPRAWIDŁOWE</translation>
    </message>
    <message>
        <source>{state} (test, not ZUS)</source>
        <translation>{state} (test, nie ZUS)</translation>
    </message>
    <message>
        <source>Gateway: {profile}</source>
        <translation>Bramka: {profile}</translation>
    </message>
    <message>
        <source>DD.MM.YYYY</source>
        <translation>DD.MM.RRRR</translation>
    </message>
    <message>
        <source>Sent from</source>
        <translation>Wysłane od</translation>
    </message>
    <message>
        <source>to</source>
        <translation>do</translation>
    </message>
    <message>
        <source>Errors and warnings from the gateway</source>
        <translation>Błędy i ostrzeżenia z bramki</translation>
    </message>
    <message>
        <source>Receipt and digests</source>
        <translation>Potwierdzenie (UPO) i skróty</translation>
    </message>
    <message>
        <source>set no. {id}</source>
        <translation>zestaw nr {id}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln submissions</source>
        <comment>%Ln submission</comment>
        <translation>
            <numerusform>%Ln wysyłka</numerusform>
            <numerusform>%Ln wysyłki</numerusform>
            <numerusform>%Ln wysyłek</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a submission to see its receipt and digests.</source>
        <translation>Wybierz wysyłkę, aby zobaczyć potwierdzenie i skróty.</translation>
    </message>
    <message>
        <source>Reference: {v}</source>
        <translation>Numer referencyjny: {v}</translation>
    </message>
    <message>
        <source>State: {v}</source>
        <translation>Stan: {v}</translation>
    </message>
    <message>
        <source>Payer: {name}, NIP {nip}</source>
        <translation>Płatnik: {name}, NIP {nip}</translation>
    </message>
    <message>
        <source>Period: {v}</source>
        <translation>Okres: {v}</translation>
    </message>
    <message>
        <source>Gateway: {v}</source>
        <translation>Bramka: {v}</translation>
    </message>
    <message>
        <source>SHA-256 of the signed document: {v}</source>
        <translation>SHA-256 podpisanego dokumentu: {v}</translation>
    </message>
    <message>
        <source>SHA-256 of the receipt: {v}</source>
        <translation>SHA-256 potwierdzenia: {v}</translation>
    </message>
    <message>
        <source>Receipt problem: {v}</source>
        <translation>Problem z potwierdzeniem: {v}</translation>
    </message>
    <message>
        <source>A TEST: this went to the sandbox or another test gateway, not to ZUS; its receipt is not a ZUS receipt (UPO).</source>
        <translation>TEST: ta przesyłka trafiła do piaskownicy albo innej bramki testowej, nie do ZUS; jej potwierdzenie nie jest potwierdzeniem ZUS (UPO).</translation>
    </message>
    <message>
        <source>Last error: {v}</source>
        <translation>Ostatni błąd: {v}</translation>
    </message>
    <message>
        <source>block {v}</source>
        <translation>blok {v}</translation>
    </message>
    <message>
        <source>field {v}</source>
        <translation>pole {v}</translation>
    </message>
    <message>
        <source>(warning)</source>
        <translation>(ostrzeżenie)</translation>
    </message>
    <message numerus="yes">
        <source>Errors and warnings from the gateway: %n</source>
        <translation>
            <numerusform>Błędy i ostrzeżenia z bramki: %n</numerusform>
            <numerusform>Błędy i ostrzeżenia z bramki: %n</numerusform>
            <numerusform>Błędy i ostrzeżenia z bramki: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>The gateway reported no errors or warnings.</source>
        <translation>Bramka nie zgłosiła błędów ani ostrzeżeń.</translation>
    </message>
    <message>
        <source>Errors and warnings from the gateway: none so far</source>
        <translation>Błędy i ostrzeżenia z bramki: na razie brak</translation>
    </message>
    <message>
        <source>Open the document</source>
        <translation>Otwórz dokument</translation>
    </message>
    <message>
        <source>This submission was sent from a file, not from a set in the workspace; open the file {name} in the program that produced it.</source>
        <translation>Tę wysyłkę nadano z pliku, a nie z zestawu w obszarze roboczym; otwórz plik {name} w programie, który go utworzył.</translation>
    </message>
    <message>
        <source>Finished: {done}, of which not accepted: {bad}. Still waiting: {pending}.</source>
        <translation>Zakończone: {done}, w tym nieprzyjęte: {bad}. Nadal oczekuje: {pending}.</translation>
    </message>
    <message>
        <source>Signed KEDU files</source>
        <translation>Podpisane pliki KEDU</translation>
    </message>
    <message>
        <source>KEDU XML (*.xml);;All files (*)</source>
        <translation>KEDU XML (*.xml);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <source>Sending and collecting receipts…</source>
        <translation>Wysyłanie i odbiór potwierdzeń…</translation>
    </message>
    <message>
        <source>Checked {n} receipts, invalid: {bad}.</source>
        <translation>Sprawdzono potwierdzeń: {n}, nieprawidłowych: {bad}.</translation>
    </message>
    <message>
        <source>Verifying receipts…</source>
        <translation>Sprawdzanie potwierdzeń…</translation>
    </message>
    <message>
        <source>Save receipt PDF</source>
        <translation>Zapisz potwierdzenie PDF</translation>
    </message>
    <message>
        <source>Save the month as ZIP</source>
        <translation>Zapisz miesiąc jako ZIP</translation>
    </message>
</context>
</TS>
