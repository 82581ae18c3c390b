/** Option value parsers shared by the commands: a bad value is a usage error naming the option. */
import { InvalidArgumentError } from "commander";
import { parseDateWindow, type DateWindow } from "../core/import/limits.js";

export function integer(min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError("must be a whole number.");
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`must be between ${min} and ${max}.`);
    return n;
  };
}

export function dateWindow(value: string): DateWindow {
  const window = parseDateWindow(value);
  if (typeof window === "string") throw new InvalidArgumentError(`${window}.`);
  return window;
}
