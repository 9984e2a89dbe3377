<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>DatabaseChoice</name>
    <message>
        <source>this computer (SQLite)</source>
        <translation>ten komputer (SQLite)</translation>
    </message>
    <message>
        <source>the office database (PostgreSQL)</source>
        <translation>baza biura (PostgreSQL)</translation>
    </message>
    <message>
        <source>e.g. serwer-biura or 192.168.1.10</source>
        <translation>np. serwer-biura albo 192.168.1.10</translation>
    </message>
    <message>
        <source>Remember the password on this computer</source>
        <translation>Zapamiętaj hasło na tym komputerze</translation>
    </message>
    <message>
        <source>Check the connection</source>
        <translation>Sprawdź połączenie</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Baza danych</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serwer</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Database name</source>
        <translation>Nazwa bazy</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Użytkownik</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Hasło</translation>
    </message>
    <message>
        <source>remembered on this computer</source>
        <translation>zapamiętane na tym komputerze</translation>
    </message>
    <message>
        <source>server</source>
        <translation>serwer</translation>
    </message>
    <message>
        <source>database name</source>
        <translation>nazwa bazy</translation>
    </message>
    <message>
        <source>user</source>
        <translation>użytkownik</translation>
    </message>
    <message>
        <source>Fill in: {fields}.</source>
        <translation>Uzupełnij: {fields}.</translation>
    </message>
    <message>
        <source>Connecting to {server}…</source>
        <translation>Łączenie z {server}…</translation>
    </message>
    <message>
        <source>The connection works: an empty database — eplatnik will set it up when it next starts with it.</source>
        <translation>Połączenie działa: baza jest pusta — eplatnik przygotuje ją przy najbliższym uruchomieniu z tą bazą.</translation>
    </message>
    <message>
        <source>The connection works: an eplatnik database (schema {revision}).</source>
        <translation>Połączenie działa: to baza eplatnik (wersja schematu {revision}).</translation>
    </message>
</context>
</TS>
