#!/usr/bin/env bash
# Writes the fuzz seed corpora into fuzz/seeds/<target>/ (small files made
# here; nothing downloaded or copied). Binary seeds (DOCX, ODT, PDF) are
# built with python3's zipfile and a hand-written PDF. Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
S=$here/seeds
mkdir -p "$S"/{text,html,docx,odt,pdf,jsonl,csv,rules,audit}

posting='Peer Support Specialist

Duties
- Ensures members take their medications as prescribed.
- Provides peer support on the acute inpatient psychiatric unit.
- Peers never restrain anyone; may discuss medication if the person wishes.

Qualifications
Lived experience of the mental health system.
'
printf '%s' "$posting" > "$S/text/posting.txt"
printf '%s' "$posting" > "$S/audit/posting.txt"
printf 'Caf\xe9 \xff\xfe bad utf-8\r\nline two\r\n\tTabs\x00NUL\n' > "$S/text/bytes.txt"
printf '\xef\xbb\xbfBOM first\n' > "$S/text/bom.txt"
cat > "$S/text/posting.md" <<'EOF'
# Peer Support Specialist

## Duties

**Responsibilities:** supports recovery goals at the drop-in center.

* reports client non-compliance to the treating psychiatrist
* helps enforce outpatient commitment orders (AOT)

1. Article 12 — Duties
> quoted

```
code block
```
EOF
cp "$S/text/posting.md" "$S/audit/posting.md"
cat > "$S/audit/negations.txt" <<'EOF'
Duties
Nurses administer medication. Peers do not administer medication.
Avoid re-hospitalization; the person may choose whether to take medication.
About us: we run a crisis stabilization unit and mobile crisis teams.
Member of the ACT team; assists with 72-hour involuntary holds and seclusion.
EOF

cat > "$S/html/posting.html" <<'EOF'
<!doctype html><html><head><title>Peer Specialist</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting","title":"Peer Specialist","description":"<p>Ensures members take their medications.</p>","identifier":{"value":"42"}}</script>
<style>p{color:red}</style></head>
<body><nav>menu</nav><h1>Peer Support Specialist</h1>
<h2>Duties</h2><ul><li>Provides peer support on the <b>inpatient</b> psychiatric unit.</li></ul>
<p><strong>Schedule:</strong> nights &amp; weekends &nbsp; &#x2014; &#9999999; &bogus;</p>
<table><tr><td>a</td><td>b</td></tr></table><pre>pre
text</pre><br><!-- comment --></body></html>
EOF
printf '<p>unclosed <b><i>tags<div></p></b>&#x110000;<h3>' > "$S/html/broken.html"

cat > "$S/jsonl/rows.jsonl" <<'EOF'
{"id": "1", "title": "Peer Specialist", "description": "Ensures members take their medications as prescribed."}
{"id": 2, "text": "Provides peer support on the inpatient unit.\nSecond line \u00e9 \ud83d\ude00"}
{"body": "no id", "title": null}
not json
{"id": "4", "description": 17}
[1,2,3]

EOF
cat > "$S/csv/rows.csv" <<'EOF'
id,title,description
1,Peer Specialist,"Ensures members take their medications, as prescribed."
2,"Quoted ""title""","multi
line field"
3,short
"4",x,"broken quote
EOF
printf 'description\r\n"a"\r\n""\r\n' > "$S/csv/crlf.csv"

cat > "$S/rules/rule.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<rule id="duty.fuzz" category="conflict" version="1" context="negation goal hypothetical other_subject mention">
  <title>Fuzz rule</title>
  <summary>A rule for fuzzing</summary>
  <doc>Doc text.</doc>
  <why>Because.</why>
  <fix>Remove it.</fix>
  <patterns>
    <pattern id="p1">\btake\s+(their|the)\s+medications?\b</pattern>
    <pattern id="p2" weak="true">inpatient\s+(psychiatric\s+)?unit|(a+)+!</pattern>
  </patterns>
  <exceptions>
    <exception id="x1">\bnurses?\b</exception>
  </exceptions>
  <examples>
    <match section="Duties">Ensures members take their medications.</match>
    <nomatch why="negation">Never makes anyone take their medications.</nomatch>
  </examples>
</rule>
EOF
# The bundled rule files show the real schema: use one as a seed too.
first_rule=$(ls "$here"/../rulesets/moratorium/*.xml 2>/dev/null | head -1 || true)
[ -n "$first_rule" ] && cp "$first_rule" "$S/rules/bundled.xml"

python3 - "$S" <<'EOF'
import sys, zipfile, io, os
S = sys.argv[1]
def zipit(path, members, store_first=False):
    with zipfile.ZipFile(path, "w") as z:
        for i, (name, data) in enumerate(members):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if (store_first and i == 0) else zipfile.ZIP_DEFLATED
            z.writestr(info, data)
types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
         'content-types"><Override PartName="/word/document.xml" ContentType="application/'
         'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
def wp(text, style=""):
    p = "<w:p>"
    if style: p += '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style
    return p + '<w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % text
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
body = (wp("Peer Support Specialist", "Title") + wp("Article 12 — Duties", "Heading1") +
        wp("Ensures members take their medications as prescribed.") +
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Works on the</w:t></w:r>'
        '<w:r><w:tab/><w:t xml:space="preserve"> inpatient unit</w:t><w:br/></w:r></w:p>'
        '<w:tbl><w:tr><w:tc>' + wp("cell") + '</w:tc></w:tr></w:tbl>')
doc = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document %s><w:body>%s<w:sectPr/></w:body></w:document>' % (W, body)
styles = ('<?xml version="1.0"?><w:styles %s><w:style w:type="paragraph" w:styleId="Heading1">'
          '<w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style></w:styles>' % W)
zipit(os.path.join(S, "docx", "posting.docx"),
      [("[Content_Types].xml", types), ("word/document.xml", doc), ("word/styles.xml", styles)])
# The wrapped form fuzz_docx builds itself: document.xml, then styles.xml after a marker.
open(os.path.join(S, "docx", "document.xml"), "w").write(doc + "<!--styles-->" + styles)

content = ('<?xml version="1.0" encoding="UTF-8"?>\n'
  '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
  '<office:body><office:text><text:h text:outline-level="1">Duties</text:h>'
  '<text:p>Ensures members take their <text:span>medications</text:span><text:s text:c="3"/>as prescribed.<text:tab/></text:p>'
  '<text:list><text:list-item><text:p>Works on the inpatient unit.<text:line-break/>Next</text:p></text:list-item></text:list>'
  '<table:table><table:table-row><table:table-cell><text:p>cell</text:p></table:table-cell></table:table-row></table:table>'
  '</office:text></office:body></office:document-content>')
zipit(os.path.join(S, "odt", "posting.odt"),
      [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content)], store_first=True)
open(os.path.join(S, "odt", "content.xml"), "w").write(content)

def pdf(pages):
    objs = []
    n = len(pages); font = 3 + 2 * n
    kids = " ".join("%d 0 R" % (3 + 2 * i) for i in range(n))
    objs.append("<< /Type /Catalog /Pages 2 0 R >>")
    objs.append("<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n))
    for i, lines in enumerate(pages):
        c = "BT /F1 12 Tf 72 720 Td 14 TL\n" + "0 -20 Td\n".join("(%s) Tj\n" % l for l in lines) + "ET\n"
        objs.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                    "/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font))
        objs.append("<< /Length %d >>\nstream\n%sendstream" % (len(c), c))
    objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"; offs = []
    for i, o in enumerate(objs):
        offs.append(len(out)); out += ("%d 0 obj\n%s\nendobj\n" % (i + 1, o)).encode("latin-1")
    x = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)).encode()
    for o in offs: out += ("%010d 00000 n \n" % o).encode()
    out += ("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)).encode()
    return out
open(os.path.join(S, "pdf", "posting.pdf"), "wb").write(pdf([
    ["Peer Support Specialist", "Duties", "Ensures members take their medi-", "cations as prescribed."],
    ["Page two: inpatient psychiatric unit."]]))
open(os.path.join(S, "pdf", "empty-page.pdf"), "wb").write(pdf([[]]))
EOF
echo "seeds in $S"
