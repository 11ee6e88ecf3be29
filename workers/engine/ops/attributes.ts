/**
 * Typed access to a node's attributes with defaults, so kernels never touch the raw map and every
 * wrong-typed attribute gives the same clear error naming the node.
 */
import { UserError } from '../../../src-shared/errors.js';
import type { OnnxAttributeValue } from '../onnx/model.js';
import type { Tensor } from '../tensor.js';

export class Attributes {
  constructor(
    private readonly map: ReadonlyMap<string, OnnxAttributeValue>,
    /** "Conv node 'conv1'" — used in messages. */
    private readonly where: string,
  ) {}

  has(name: string): boolean {
    return this.map.has(name);
  }

  names(): string[] {
    return [...this.map.keys()];
  }

  private get(name: string, type: OnnxAttributeValue['type']): OnnxAttributeValue | undefined {
    const a = this.map.get(name);
    if (a === undefined) return undefined;
    if (a.type !== type) {
      throw new UserError(
        'onnx-attribute-type',
        `${this.where}: attribute '${name}' should be of type ${type} but is ${a.type}. Re-export the model with a standard ONNX exporter.`,
      );
    }
    return a;
  }

  int(name: string, fallback: number): number;
  int(name: string): number | undefined;
  int(name: string, fallback?: number): number | undefined {
    const a = this.get(name, 'int');
    return a ? (a.value as number) : fallback;
  }

  float(name: string, fallback: number): number;
  float(name: string): number | undefined;
  float(name: string, fallback?: number): number | undefined {
    const a = this.get(name, 'float');
    return a ? (a.value as number) : fallback;
  }

  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    const a = this.get(name, 'string');
    return a ? (a.value as string) : fallback;
  }

  ints(name: string, fallback: readonly number[]): readonly number[];
  ints(name: string): readonly number[] | undefined;
  ints(name: string, fallback?: readonly number[]): readonly number[] | undefined {
    const a = this.get(name, 'ints');
    return a ? (a.value as readonly number[]) : fallback;
  }

  floats(name: string, fallback: readonly number[]): readonly number[];
  floats(name: string): readonly number[] | undefined;
  floats(name: string, fallback?: readonly number[]): readonly number[] | undefined {
    const a = this.get(name, 'floats');
    return a ? (a.value as readonly number[]) : fallback;
  }

  tensor(name: string): Tensor | undefined {
    const a = this.get(name, 'tensor');
    return a ? (a.value as Tensor) : undefined;
  }
}
