<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>The connection to the office database was lost — we will resume automatically.</source>
        <translation>Połączenie z bazą biura przerwane — wznowimy automatycznie.</translation>
    </message>
</context>
</TS>
