// Where each value of a JSON text starts, by the JSONPath the API names fields with
// ("$.spec.model.layers", "$.stages[1].spec.base"). Tolerates text that is not valid JSON.

/** Map from path to the offset of the member's key (object members) or of the value (array elements). */
export function jsonPathOffsets(text) {
  const offsets = new Map();
  const stack = []; // open containers: {path, array, index, expectKey}
  let memberPath = '$'; // path of the next value outside arrays

  const startValue = (at) => {
    const parent = stack[stack.length - 1];
    if (!parent?.array) return memberPath;
    const path = `${parent.path}[${parent.index}]`;
    if (!offsets.has(path)) offsets.set(path, at);
    return path;
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const parent = stack[stack.length - 1];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (parent && !parent.array && parent.expectKey) {
        memberPath = `${parent.path}.${text.slice(i + 1, end)}`;
        offsets.set(memberPath, i);
        parent.expectKey = false;
      } else {
        startValue(i);
      }
      i = end;
    } else if (c === '{' || c === '[') {
      stack.push({ path: startValue(i), array: c === '[', index: 0, expectKey: c === '{' });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      if (parent?.array) parent.index++;
      else if (parent) parent.expectKey = true;
    } else if (!/[\s:]/.test(c)) {
      startValue(i);
      while (i + 1 < text.length && !/[\s,\]}]/.test(text[i + 1])) i++;
    }
  }
  return offsets;
}

/** Offset of the closing quote of the string opening at `start` (or the text's end). */
function stringEnd(text, start) {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length;
}

const LAST_STEP = /(\.[^.[\]]*|\[\d+\])$/;

/**
 * Offset of the field, or of its nearest ancestor found in the text; -1 when none but the root is. A bracketed name
 * ("$.parameters['training.learningRate']", a key with dots in it) is the member of that name.
 */
export function locatePath(text, field) {
  const offsets = jsonPathOffsets(text);
  const dotted = field.replace(/\['([^']*)'\]/g, '.$1');
  for (let path = dotted; LAST_STEP.test(path); path = path.replace(LAST_STEP, '')) {
    if (offsets.has(path)) return offsets.get(path);
  }
  return -1;
}
