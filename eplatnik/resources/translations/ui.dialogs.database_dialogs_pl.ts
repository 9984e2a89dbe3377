<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>eplatnik — where the data lives</source>
        <translation>eplatnik — gdzie przechowywać dane</translation>
    </message>
    <message>
        <source>Welcome. Choose where eplatnik keeps its data: on this computer (one desk), or in the office&apos;s PostgreSQL database shared by every desk of the office. It can be changed later in Settings.</source>
        <translation>Witaj. Wybierz, gdzie eplatnik ma przechowywać dane: na tym komputerze (jedno stanowisko) albo w bazie PostgreSQL biura, wspólnej dla wszystkich stanowisk. Można to później zmienić w Ustawieniach.</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Office database password</source>
        <extracomment>(the address, the refusal to show or None the first time) → (password, remember) or None (Cancel)</extracomment>
        <translation>Hasło do bazy biura</translation>
    </message>
    <message>
        <source>The server {server} asks for the password of user “{user}” to the database “{database}”.</source>
        <translation>Serwer {server} prosi o hasło użytkownika „{user}” do bazy „{database}”.</translation>
    </message>
    <message>
        <source>Remember the password on this computer</source>
        <translation>Zapamiętaj hasło na tym komputerze</translation>
    </message>
</context>
</TS>
