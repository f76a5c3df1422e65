import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { commentAbove, commentLinesAbove, detectStyle, OpenApiYaml } from '../../generator/openapi-yaml.js';
import { PROJECT_ROOT } from '../../src/core/project-root.js';

const FIXTURE = `# header
openapi: 3.0.0
paths:
  /api/v1/things.get:
    get:
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  items:
                    type: array
                    items:
                      $ref: "#/components/schemas/Thing"
        "401":
          $ref: "#/components/responses/unauthorized"
components:
  responses:
    unauthorized:
      description: Unauthorized
      content:
        application/json:
          schema:
            type: object
  schemas:
    Thing:
      type: object
      properties:
        name:
          type: string
`;

describe('OpenApiYaml', () => {
  test("an untouched document prints byte for byte as it was read (the project's contract included)", () => {
    assert.equal(new OpenApiYaml(FIXTURE, 'things.get').toString(), FIXTURE);
    const contract = readFileSync(join(PROJECT_ROOT, 'contract', 'rooms.get.openapi.yaml'), 'utf8');
    assert.equal(new OpenApiYaml(contract, 'rooms.get').toString(), contract);
  });

  test('generated-schema pointers are followed through $refs to where the documentation keeps the schema', () => {
    const document = new OpenApiYaml(FIXTURE, 'things.get');
    assert.equal(
      document.schemaAt(401, '').at,
      '/components/responses/unauthorized/content/application~1json/schema',
    );
    assert.equal(document.schemaAt(200, '/properties/items/items').at, '/components/schemas/Thing');
    assert.throws(
      () => document.schemaAt(200, '/properties/nope'),
      /^Error: nothing at \/paths\/~1api~1v1~1things\.get\/get\/responses\/200\/content\/application~1json\/schema\/properties\/nope \(generated pointer \/properties\/nope\)$/,
    );
    assert.throws(() => new OpenApiYaml(FIXTURE, 'rooms.get'), /does not describe rooms\.get/);
  });

  test('merge adds and replaces keys, each with its comment above; lists of scalars stay on one line', () => {
    const document = new OpenApiYaml(FIXTURE, 'things.get');
    const thing = document.schemaAt(200, '/properties/items/items');
    const touched = document.merge(thing, {
      required: ['name'],
      properties: { name: { type: 'string', minLength: 1 } },
    });
    assert.deepEqual(
      touched.map((entry) => entry.at),
      [
        '/components/schemas/Thing/required',
        '/components/schemas/Thing/properties/name/type',
        '/components/schemas/Thing/properties/name/minLength',
      ],
    );
    commentAbove(touched[0]!, ['Proposed: names are required (overlay:1)', 'Source: somewhere']);
    assert.deepEqual(commentLinesAbove(touched[0]!.pair), [
      'Proposed: names are required (overlay:1)',
      'Source: somewhere',
    ]);
    assert.match(
      document.toString(),
      /\n {8}name:\n {10}type: string\n {10}minLength: 1\n {6}# Proposed: names are required \(overlay:1\)\n {6}# Source: somewhere\n {6}required: \[name\]\n$/,
    );
  });

  test('a new status goes in order, quoted like the others; replace keeps the key', () => {
    const document = new OpenApiYaml(FIXTURE, 'things.get');
    document.add(document.responses(), '400', { description: 'Bad Request' }, { sorted: true, quoted: true });
    const items = document.schemaAt(200, '/properties/items');
    commentAbove(document.replace(document.pairAt(items, 'items'), { $ref: '#/components/schemas/Other' }), [
      'replaced',
    ]);
    const text = document.toString();
    assert.match(text, /\n {8}"400":\n {10}description: Bad Request\n {8}"401":\n/);
    assert.match(text, /\n {20}# replaced\n {20}items:\n {22}\$ref: "#\/components\/schemas\/Other"\n/);
  });

  test('the header replaces the comment above the first key; an empty line stays a bare #', () => {
    const document = new OpenApiYaml(FIXTURE, 'things.get');
    document.setHeader(['a proposal', '', 'of things']);
    assert.ok(document.toString().startsWith('# a proposal\n#\n# of things\nopenapi: 3.0.0\n'));
  });
});

describe('OpenApiYaml.patchedText: the edits spliced into the source, everything else byte for byte', () => {
  const SOURCE = `openapi: 3.0.0
#  info: commented out, kept
paths:
  /api/v1/things.get:
    get:
      description: |-
        Lists things.
        
        ### Changelog
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  name:
                    type: string
                  tags:
                    type: array
                    items:
                      type: string
                  meta: { }
        '401':
          description: Unauthorized
`;
  const style = detectStyle(SOURCE);

  test('the style is read off the file: single quotes, block lists, two spaces', () => {
    assert.deepEqual(style, { singleQuote: true, flowLists: false, indent: 2 });
  });

  test('untouched, the source comes back as it was', () => {
    assert.equal(new OpenApiYaml(SOURCE, 'things.get', style).patchedText(), SOURCE);
  });

  test('an added key, a replaced value and a key added to a flow mapping, each with its comment', () => {
    const document = new OpenApiYaml(SOURCE, 'things.get', style);
    const schema = document.responseSchema(200);
    commentAbove(document.add(schema, 'required', ['name', 'tags']), ['Proposed: added']);
    const properties = document.schemaAt(200, '');
    const tags = document.pairAt(
      { map: document.mapAt(`${properties.at}/properties`), at: `${properties.at}/properties` },
      'tags',
    );
    commentAbove(document.replace(tags, { $ref: '#/components/schemas/Tags' }), ['Proposed: replaced']);
    const meta = { map: document.mapAt(`${schema.at}/properties/meta`), at: `${schema.at}/properties/meta` };
    document.add(meta, 'type', 'object');
    commentAbove(
      document.add(
        document.responses(),
        '400',
        { description: 'Bad Request' },
        { sorted: true, quoted: true },
      ),
      ['Proposed: a status'],
    );
    assert.equal(
      document.patchedText(),
      SOURCE.replace(
        `                  tags:
                    type: array
                    items:
                      type: string
                  meta: { }
`,
        `                  # Proposed: replaced
                  tags:
                    $ref: '#/components/schemas/Tags'
                  meta:
                    type: object
                # Proposed: added
                required:
                  - name
                  - tags
        # Proposed: a status
        '400':
          description: Bad Request
`,
      ),
    );
  });
});
