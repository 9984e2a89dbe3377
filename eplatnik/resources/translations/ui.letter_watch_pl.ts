<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>LetterWatch</name>
    <message>
        <source>New letters from ZUS: {n} — see Correspondence.</source>
        <translation>Nowe pisma z ZUS: {n} — zobacz Korespondencja.</translation>
    </message>
    <message>
        <source>Sets rejected by ZUS: {n} — see Submission and receipts.</source>
        <translation>Zestawy odrzucone przez ZUS: {n} — zobacz Wysyłka i potwierdzenia.</translation>
    </message>
    <message>
        <source>eplatnik: news from ZUS</source>
        <translation>eplatnik: wiadomości z ZUS</translation>
    </message>
</context>
</TS>
