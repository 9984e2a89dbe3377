<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>Crash</name>
    <message>
        <source>An unexpected error occurred: {err}

Your data is safe. The details were saved to:
{path}

Please attach this file when reporting the problem.</source>
        <translation>Wystąpił nieoczekiwany błąd: {err}

Twoje dane są bezpieczne. Szczegóły zapisano w pliku:
{path}

Dołącz ten plik do zgłoszenia problemu.</translation>
    </message>
    <message>
        <source>eplatnik — unexpected error</source>
        <translation>eplatnik — nieoczekiwany błąd</translation>
    </message>
</context>
</TS>
