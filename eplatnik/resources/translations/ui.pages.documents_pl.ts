<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
  <context>
    <name>DocumentsPage</name>
    <message>
      <source>Documents</source>
      <translation>Dokumenty</translation>
    </message>
    <message>
      <source>Build monthly set</source>
      <translation>Utwórz zestaw miesięczny</translation>
    </message>
    <message>
      <source>Verify</source>
      <translation>Weryfikuj</translation>
    </message>
    <message>
      <source>Correction…</source>
      <translation>Korekta…</translation>
    </message>
    <message>
      <source>Import KEDU…</source>
      <translation>Importuj KEDU…</translation>
    </message>
    <message>
      <source>Print to PDF…</source>
      <translation>Drukuj do PDF…</translation>
    </message>
    <message>
      <source>Payer:</source>
      <translation>Płatnik:</translation>
    </message>
    <message>
      <source>Period:</source>
      <translation>Okres:</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>Okres</translation>
    </message>
    <message>
      <source>Payer</source>
      <translation>Płatnik</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>Nr</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Stan</translation>
    </message>
    <message>
      <source>To pay</source>
      <translation>Do zapłaty</translation>
    </message>
    <message>
      <source>Correction of</source>
      <translation>Korekta zestawu</translation>
    </message>
    <message>
      <source>correction of set no. {id}</source>
      <translation>korekta zestawu nr {id}</translation>
    </message>
    <message>
      <source>Document</source>
      <translation>Dokument</translation>
    </message>
    <message>
      <source>Block/field</source>
      <translation>Blok/pole</translation>
    </message>
    <message>
      <source>Block no.</source>
      <translation>Nr bloku</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>Osoba</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>Pole</translation>
    </message>
    <message>
      <source>Export KEDU</source>
      <translation>Eksport KEDU</translation>
    </message>
    <message>
      <source>Shows the sets of this period; a new monthly set is built for it</source>
      <translation>Pokazuje zestawy z tego okresu; nowy zestaw miesięczny powstaje za ten okres</translation>
    </message>
    <message>
      <source>KEDU 5.7 file, as stored…</source>
      <translation>Plik KEDU 5.7, jak zapisany…</translation>
    </message>
    <message>
      <source>For ePłatnik / Płatnik…</source>
      <translation>Dla ePłatnika / Płatnika…</translation>
    </message>
    <message>
      <source>Sign…</source>
      <translation>Podpisz…</translation>
    </message>
    <message>
      <source>Send to ZUS</source>
      <translation>Wyślij do ZUS</translation>
    </message>
    <message>
      <source>In use</source>
      <translation>W użyciu</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>Wartość</translation>
    </message>
    <message>
      <source>Filter fields (name, block, person, value)…</source>
      <translation>Filtruj pola (nazwa, blok, osoba, wartość)…</translation>
    </message>
    <message>
      <source>Double-click a value to change it. The set is verified again after every change.</source>
      <translation>Kliknij dwukrotnie wartość, aby ją zmienić. Po każdej zmianie zestaw jest weryfikowany ponownie.</translation>
    </message>
    <message>
      <source>Severity</source>
      <translation>Waga</translation>
    </message>
    <message>
      <source>error</source>
      <translation>błąd</translation>
    </message>
    <message>
      <source>warning</source>
      <translation>ostrzeżenie</translation>
    </message>
    <message>
      <source>Rule</source>
      <translation>Reguła</translation>
    </message>
    <message>
      <source>Where</source>
      <translation>Gdzie</translation>
    </message>
    <message>
      <source>What is wrong</source>
      <translation>Co jest nie tak</translation>
    </message>
    <message>
      <source>When</source>
      <translation>Kiedy</translation>
    </message>
    <message>
      <source>From</source>
      <translation>Z</translation>
    </message>
    <message>
      <source>To</source>
      <translation>Na</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>Kto</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>Uwagi</translation>
    </message>
    <message>
      <source>Verification</source>
      <translation>Weryfikacja</translation>
    </message>
    <message>
      <source>History</source>
      <translation>Historia</translation>
    </message>
    <message>
      <source>{number} (correction)</source>
      <translation>{number} (korekta)</translation>
    </message>
    <message>
      <source>set</source>
      <translation>zestaw</translation>
    </message>
    <message>
      <source>block {b}</source>
      <translation>blok {b}</translation>
    </message>
    <message>
      <source>block no. {n}</source>
      <translation>nr bloku {n}</translation>
    </message>
    <message>
      <source>field {p}</source>
      <translation>pole {p}</translation>
    </message>
    <message>
      <source>— all payers —</source>
      <translation>— wszyscy płatnicy —</translation>
    </message>
    <message>
      <source>not verified yet</source>
      <translation>jeszcze nie weryfikowano</translation>
    </message>
    <message>
      <source>{payer} — {period}, declaration {number}: {status}; verification: {ver}; to pay {amount} zł</source>
      <translation>{payer} — {period}, deklaracja {number}: {status}; weryfikacja: {ver}; do zapłaty {amount} zł</translation>
    </message>
    <message>
      <source>{payer} — {forms}: {status}; verification: {ver}</source>
      <translation>{payer} — {forms}: {status}; weryfikacja: {ver}</translation>
    </message>
    <message>
      <source>CORRECTION of set no. {id}. {text}</source>
      <translation>KOREKTA zestawu nr {id}. {text}</translation>
    </message>
    <message>
      <source>Verification ({n})</source>
      <translation>Weryfikacja ({n})</translation>
    </message>
    <message>
      <source>⚠ Computed with figures that are not final yet: {figures}. The amounts may change when they are published — then install the new parameters (Settings) and build the set again.</source>
      <translation>⚠ Obliczono z wartościami, które nie są jeszcze ostateczne: {figures}. Kwoty mogą się zmienić po ich publikacji — wtedy zainstaluj nowe parametry (Ustawienia) i utwórz zestaw ponownie.</translation>
    </message>
    <message>
      <source>Build the set for {period}</source>
      <translation>Utwórz zestaw za {period}</translation>
    </message>
    <message>
      <source>Choose a payer first</source>
      <translation>Najpierw wybierz płatnika</translation>
    </message>
    <message>
      <source>A set for {period} already exists ({status}). Build it again from the register (absences included)? Changes made by hand in that set are replaced.</source>
      <translation>Zestaw za {period} już istnieje (stan: {status}). Zbudować go ponownie z rejestru (z nieobecnościami)? Zmiany wprowadzone w nim ręcznie zostaną zastąpione.</translation>
    </message>
    <message>
      <source>Building and verifying the set…</source>
      <translation>Tworzenie i weryfikacja zestawu…</translation>
    </message>
    <message>
      <source>Verifying…</source>
      <translation>Weryfikacja…</translation>
    </message>
    <message>
      <source>Correction</source>
      <translation>Korekta</translation>
    </message>
    <message>
      <source>Create a correction of declaration {number} for {period}? The new set gets the next number and references the corrected one; the original stays unchanged.</source>
      <translation>Utworzyć korektę deklaracji {number} za {period}? Nowy zestaw otrzyma kolejny numer i odwołanie do korygowanego; oryginał pozostanie bez zmian.</translation>
    </message>
    <message>
      <source>This field is computed or composite and cannot be edited here.</source>
      <translation>To pole jest wyliczane lub złożone i nie można go tu edytować.</translation>
    </message>
    <message>
      <source>The set is {status}; a change creates a new draft (or a correction) and leaves the signed or sent document as it is. Continue?</source>
      <translation>Zestaw ma stan „{status}”; zmiana utworzy nowy projekt (lub korektę), a podpisany albo wysłany dokument pozostanie bez zmian. Kontynuować?</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>Zmiana</translation>
    </message>
    <message>
      <source>Change field</source>
      <translation>Zmiana pola</translation>
    </message>
    <message>
      <source>Form</source>
      <translation>Formularz</translation>
    </message>
    <message>
      <source>KEDU fields</source>
      <translation>Pola KEDU</translation>
    </message>
    <message numerus="yes">
      <source>%n errors</source>
      <comment>%n error</comment>
      <translation>
        <numerusform>%n błąd</numerusform>
        <numerusform>%n błędy</numerusform>
        <numerusform>%n błędów</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n warnings</source>
      <comment>%n warning</comment>
      <translation>
        <numerusform>%n ostrzeżenie</numerusform>
        <numerusform>%n ostrzeżenia</numerusform>
        <numerusform>%n ostrzeżeń</numerusform>
      </translation>
    </message>
    <message>
      <source>ZUS {form}, block {block}, field {pole} — {label}:</source>
      <translation>ZUS {form}, blok {block}, pole {pole} — {label}:</translation>
    </message>
    <message>
      <source>Signing…</source>
      <translation>Podpisywanie…</translation>
    </message>
    <message>
      <source>Signing was cancelled: nothing was signed.</source>
      <translation>Podpisywanie przerwano: nic nie zostało podpisane.</translation>
    </message>
    <message>
      <source>Signing was cancelled: {done} of {total} signed.</source>
      <translation>Podpisywanie przerwano: podpisano {done} z {total}.</translation>
    </message>
    <message>
      <source>Signing</source>
      <translation>Podpisywanie</translation>
    </message>
    <message>
      <source>Sending to the gateway and waiting for the receipt…</source>
      <translation>Wysyłanie do bramki i oczekiwanie na potwierdzenie…</translation>
    </message>
  </context>
</TS>
