<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>MonthRunDialog</name>
    <message>
        <source>Month-end run no. {id}</source>
        <translation>Przebieg miesiąca nr {id}</translation>
    </message>
    <message>
        <source>Certificate file (.p12/.pfx)</source>
        <translation>Plik certyfikatu (.p12/.pfx)</translation>
    </message>
    <message>
        <source>Card or token (PKCS#11)</source>
        <translation>Karta lub token (PKCS#11)</translation>
    </message>
    <message>
        <source>Do not sign now (prepare and verify only)</source>
        <translation>Nie podpisuj teraz (tylko przygotuj i zweryfikuj)</translation>
    </message>
    <message>
        <source>Sign with</source>
        <translation>Podpis</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <source>Certificate file</source>
        <translation>Plik certyfikatu</translation>
    </message>
    <message>
        <source>PKCS#11 module</source>
        <translation>Moduł PKCS#11</translation>
    </message>
    <message>
        <source>Card label</source>
        <translation>Etykieta karty</translation>
    </message>
    <message>
        <source>Also sign sets that have verification warnings</source>
        <translation>Podpisz także zestawy z ostrzeżeniami weryfikacji</translation>
    </message>
    <message>
        <source>Unticked: such sets wait, verified, until you have read the verification report and resume the run</source>
        <translation>Bez zaznaczenia takie zestawy czekają (zweryfikowane), aż przeczytasz raport weryfikacji i wznowisz przebieg</translation>
    </message>
    <message>
        <source>Send to the gateway and collect the receipts</source>
        <translation>Wyślij do bramki i odbierz potwierdzenia (UPO)</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Bramka</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Gotowe do rozpoczęcia.</translation>
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
        <source>Step</source>
        <translation>Etap</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Ostrzeżenia</translation>
    </message>
    <message>
        <source>Changes vs last month</source>
        <translation>Zmiany wobec poprzedniego miesiąca</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Rozpocznij</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Wstrzymaj</translation>
    </message>
    <message>
        <source>Stop (resume later)</source>
        <translation>Przerwij (wznowisz później)</translation>
    </message>
    <message>
        <source>Verification report…</source>
        <translation>Raport weryfikacji…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Zamknij</translation>
    </message>
    <message>
        <source>Certificates (*.p12 *.pfx)</source>
        <translation>Certyfikaty (*.p12 *.pfx)</translation>
    </message>
    <message>
        <source>The run is finished: every client has reached its last step.</source>
        <translation>Przebieg jest zakończony: każdy klient doszedł do ostatniego kroku.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Kontynuuj</translation>
    </message>
    <message>
        <source>Paused — the run waits after the current client.</source>
        <translation>Wstrzymano — przebieg czeka po bieżącym kliencie.</translation>
    </message>
    <message>
        <source>Stopping after the current client…</source>
        <translation>Przerywanie po bieżącym kliencie…</translation>
    </message>
    <message>
        <source>about {s} s left</source>
        <translation>zostało ok. {s} s</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Zakończono.</translation>
    </message>
    <message>
        <source>Some receipts have not arrived yet; resume the run later to collect them.</source>
        <translation>Część potwierdzeń jeszcze nie nadeszła; wznów przebieg później, aby je odebrać.</translation>
    </message>
    <message>
        <source>Prepared and verified. Resume the run with a key to sign and send.</source>
        <translation>Przygotowano i zweryfikowano. Wznów przebieg z certyfikatem, aby podpisać i wysłać.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Wznów</translation>
    </message>
    <message numerus="yes">
        <source>%n changes</source>
        <comment>%n change</comment>
        <translation>
            <numerusform>%n zmiana</numerusform>
            <numerusform>%n zmiany</numerusform>
            <numerusform>%n zmian</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped. Everything done so far is kept; resume to continue.</source>
        <translation>Przerwano. Wszystko, co zrobiono, zostało zapisane; wznów, aby kontynuować.</translation>
    </message>
    <message>
        <source>No declaration was built.</source>
        <translation>Deklaracja nie została przygotowana.</translation>
    </message>
    <message>
        <source>No findings.</source>
        <translation>Bez uwag.</translation>
    </message>
    <message>
        <source>Verification report — run no. {id}</source>
        <translation>Raport weryfikacji — przebieg nr {id}</translation>
    </message>
</context>
</TS>
