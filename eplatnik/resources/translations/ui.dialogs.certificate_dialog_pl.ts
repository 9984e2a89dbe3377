<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>CertificateDialog</name>
    <message>
        <source>Choose a signing certificate</source>
        <translation>Wybierz certyfikat do podpisu</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certyfikat</translation>
    </message>
    <message>
        <source>qualified</source>
        <translation>kwalifikowany</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>wygasł</translation>
    </message>
    <message>
        <source>not yet valid</source>
        <translation>jeszcze nieważny</translation>
    </message>
    <message>
        <source>{owner}
valid until {date}</source>
        <translation>{owner}
ważny do {date}</translation>
    </message>
</context>
</TS>
