<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name></name>
    <message>
        <source>about {h} h {m} min left</source>
        <extracomment>told instead of a message box when the office database went away (ui/widgets/connection_banner.py)</extracomment>
        <translation>zostało ok. {h} godz. {m} min</translation>
    </message>
    <message>
        <source>about {m} min {s} s left</source>
        <translation>zostało ok. {m} min {s} s</translation>
    </message>
    <message>
        <source>about {s} s left</source>
        <translation>zostało ok. {s} s</translation>
    </message>
</context>
<context>
    <name>Op</name>
    <message>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} z {total}</translation>
    </message>
</context>
</TS>
