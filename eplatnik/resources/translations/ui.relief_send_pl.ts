<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>ReliefSender</name>
    <message>
        <source>Send the application to ZUS</source>
        <translation>Wyślij wniosek do ZUS</translation>
    </message>
    <message>
        <source>Application to spread into {n} instalments the arrears of {payer} (NIP {nip}) for {periods}: {total} zł with interest; instalments from {first} to {last}, estimated prolongation fee {fee} zł.</source>
        <translation>Wniosek o rozłożenie na raty (liczba rat: {n}) zaległości płatnika {payer} (NIP {nip}) za {periods}: {total} zł z odsetkami; raty od {first} do {last}, szacowana opłata prolongacyjna {fee} zł.</translation>
    </message>
    <message>
        <source>Application to defer the deadline of {payer}&apos;s (NIP {nip}) contributions for {periods}: {total} zł; new deadline {first}–{last}, estimated prolongation fee {fee} zł.</source>
        <translation>Wniosek o odroczenie terminu płatności składek płatnika {payer} (NIP {nip}) za {periods}: {total} zł; nowy termin {first}–{last}, szacowana opłata prolongacyjna {fee} zł.</translation>
    </message>
    <message>
        <source>It is signed with your certificate and sent through the gateway; ZUS confirms receipt (UPP) and answers with a decision in Correspondence.</source>
        <translation>Wniosek zostanie podpisany Twoim certyfikatem i wysłany przez bramkę; ZUS potwierdzi odbiór (UPP), a decyzję udostępni w Korespondencji.</translation>
    </message>
    <message>
        <source>This client already sent an application of this kind on {day} (reference {ref}). Send another one only if it replaces or adds to it.</source>
        <translation>Ten klient wysłał już wniosek tego rodzaju {day} (numer referencyjny {ref}). Wyślij kolejny tylko wtedy, gdy go zastępuje lub uzupełnia.</translation>
    </message>
    <message>
        <source>Sign and send</source>
        <translation>Podpisz i wyślij</translation>
    </message>
    <message>
        <source>Sending the application to ZUS…</source>
        <translation>Wysyłanie wniosku do ZUS…</translation>
    </message>
    <message>
        <source>Sending the application to ZUS</source>
        <translation>Wysyłanie wniosku do ZUS</translation>
    </message>
    <message>
        <source>Stopped before ZUS&apos;s receipt arrived. An application already signed stays in the queue on the Submission and receipts page and is sent from there.</source>
        <translation>Przerwano przed nadejściem potwierdzenia z ZUS. Wniosek już podpisany czeka w kolejce na stronie Wysyłka i potwierdzenia i zostanie stamtąd wysłany.</translation>
    </message>
    <message>
        <source>Application {form} sent and accepted: the UPP is verified, reference {ref}.</source>
        <translation>Wniosek {form} wysłany i przyjęty: UPP sprawdzone, numer referencyjny {ref}.</translation>
    </message>
    <message>
        <source>ZUS&apos;s answer “{title}” is waiting in &lt;a href=&quot;letters&quot;&gt;Correspondence&lt;/a&gt; — open it there with the UPD.</source>
        <translation>Odpowiedź ZUS „{title}” czeka w &lt;a href=&quot;letters&quot;&gt;Korespondencji&lt;/a&gt; — otwórz ją tam, podpisując UPD.</translation>
    </message>
    <message>
        <source>ZUS&apos;s answer will come to &lt;a href=&quot;letters&quot;&gt;Correspondence&lt;/a&gt;.</source>
        <translation>Odpowiedź ZUS przyjdzie do &lt;a href=&quot;letters&quot;&gt;Korespondencji&lt;/a&gt;.</translation>
    </message>
    <message>
        <source>ZUS rejected the application (reference {ref}); the reasons are in the receipt on the Submission and receipts page.</source>
        <translation>ZUS odrzucił wniosek (numer referencyjny {ref}); przyczyny są w potwierdzeniu na stronie Wysyłka i potwierdzenia.</translation>
    </message>
    <message>
        <source>The application is queued (reference {ref}); the program keeps sending it and checking for the UPP.</source>
        <translation>Wniosek czeka w kolejce (numer referencyjny {ref}); program będzie go wysyłał i sprawdzał, czy przyszło UPP.</translation>
    </message>
</context>
</TS>
