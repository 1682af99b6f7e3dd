using System.Buffers;
using System.Runtime.InteropServices;

namespace ActorNet.DataPlane.Wire;

/// <summary>A float array seen as <see cref="Memory{T}"/> of bytes without copying (floats go out as they lie in memory, little-endian).</summary>
internal sealed class FloatBytes(float[] array) : MemoryManager<byte>
{
    // Pin handle while a socket operation has the memory pinned.
    private GCHandle _handle;

    /// <summary>The bytes of <paramref name="floats"/>, a writable view of its array.</summary>
    public static Memory<byte> Of(ArraySegment<float> floats) =>
        floats.Count == 0 ? Memory<byte>.Empty : new FloatBytes(floats.Array!).Memory.Slice(floats.Offset * sizeof(float), floats.Count * sizeof(float));

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(array.AsSpan());

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        if (!_handle.IsAllocated) _handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        return new MemoryHandle((byte*)_handle.AddrOfPinnedObject() + elementIndex, default, this);
    }

    public override void Unpin()
    {
        if (_handle.IsAllocated) _handle.Free();
    }

    protected override void Dispose(bool disposing) => Unpin();
}
