<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>VisitReminders</name>
    <message>
        <source>E-visit at {time}: {matter} ({name}). Have an identity document ready.</source>
        <translation>E-wizyta o {time}: {matter} ({name}). Przygotuj dokument tożsamości.</translation>
    </message>
    <message>
        <source>E-visit soon</source>
        <translation>Wkrótce e-wizyta</translation>
    </message>
</context>
</TS>
