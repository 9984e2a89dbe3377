<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>PayerHistoryTab</name>
    <message>
        <source>Only since</source>
        <extracomment>a column wider than this is cut (the full text: tooltip, and the line under the table) the workspace&apos;s change events after which the history is read again (when it is shown)</extracomment>
        <translation>Tylko od dnia</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Odśwież</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Kiedy</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Kto</translation>
    </message>
    <message>
        <source>(not named)</source>
        <translation>(nie podano)</translation>
    </message>
    <message>
        <source>Seat</source>
        <translation>Stanowisko</translation>
    </message>
    <message>
        <source>Computer and user the change was made at</source>
        <translation>Komputer i użytkownik, przy którym wprowadzono zmianę</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Co zrobiono</translation>
    </message>
    <message>
        <source>Concerns</source>
        <translation>Czego dotyczy</translation>
    </message>
    <message>
        <source>{when}, {who} at {seat}: {what} — {concerns}</source>
        <translation>{when}, {who} przy {seat}: {what} — {concerns}</translation>
    </message>
    <message>
        <source>Select a payer on the Payers tab to see who changed what and when.</source>
        <translation>Wybierz płatnika na karcie Płatnicy, aby zobaczyć, kto, co i kiedy zmienił.</translation>
    </message>
    <message>
        <source>Change history: {name} (NIP {nip})</source>
        <translation>Historia zmian: {name} (NIP {nip})</translation>
    </message>
    <message numerus="yes">
        <source>%n entries (newest first)</source>
        <comment>%n entry</comment>
        <translation>
            <numerusform>%n wpis (najnowsze na górze)</numerusform>
            <numerusform>%n wpisy (najnowsze na górze)</numerusform>
            <numerusform>%n wpisów (najnowsze na górze)</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing recorded for this payer yet.</source>
        <translation>Dla tego płatnika nic jeszcze nie zapisano.</translation>
    </message>
</context>
</TS>
