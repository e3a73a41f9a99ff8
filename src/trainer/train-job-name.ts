/** Generated TrainJob names: 12 characters, DNS-1035 (a lowercase letter first, then letters and digits). */
import { randomInt } from "node:crypto";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const ALPHANUMERIC = `${LETTERS}0123456789`;

/** A random 12-character DNS-1035 label, like the Python SDK's. */
export function generateTrainJobName(): string {
  let name = LETTERS[randomInt(LETTERS.length)] as string;
  while (name.length < 12) name += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return name;
}
