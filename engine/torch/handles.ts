// torch.utils.hooks.RemovableHandle: what register_hook returns (`handle.remove()`), also a
// context manager that removes the hook on exit.
import { defineNativeType, method, PyType, PyValue } from '../script/native';

export class RemovableHandleValue {
  private static nextId = 0;
  readonly id = RemovableHandleValue.nextId++;
  constructor(private readonly onRemove: () => void) {}
  remove(): void {
    this.onRemove();
  }
}

export const HandleType: PyType = defineNativeType({
  name: 'RemovableHandle',
  module: 'torch.utils.hooks',
  jsClass: RemovableHandleValue,
  methods: {
    remove: method('remove', '', (self: RemovableHandleValue) => {
      self.remove();
      return null;
    }),
    __enter__: method('__enter__', '', (self: RemovableHandleValue) => self),
    __exit__: method('__exit__', '*args', (self: RemovableHandleValue, _args: PyValue[]) => {
      self.remove();
      return false;
    }),
  },
  getters: {
    id: { get: (self: RemovableHandleValue) => BigInt(self.id) },
  },
});
