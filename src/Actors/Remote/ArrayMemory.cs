using System.Buffers;
using System.Runtime.InteropServices;

namespace ActorNet.Actors.Remote;

/// <summary>A primitive array seen as <see cref="Memory{T}"/> of bytes without copying (float[] weights go out as they lie in memory).</summary>
internal sealed class ArrayMemoryManager<T>(T[] array) : MemoryManager<byte> where T : unmanaged
{
    // Pin handle while the memory is pinned.
    private GCHandle _handle;

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(array.AsSpan());

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        if (!_handle.IsAllocated) _handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        return new MemoryHandle((byte*)_handle.AddrOfPinnedObject() + elementIndex);
    }

    public override void Unpin()
    {
        if (_handle.IsAllocated) _handle.Free();
    }

    protected override void Dispose(bool disposing) => Unpin();
}

/// <summary>Byte views of primitive arrays for the bulk lane.</summary>
internal static class ArrayMemory
{
    public static ReadOnlyMemory<byte> Of(object value) => value is Array array ? Writable(array) : throw new ArgumentException($"{value.GetType().Name} is not a primitive array");

    /// <summary>The bytes of a primitive array as writable memory (a socket reads straight into it).</summary>
    public static Memory<byte> Writable(Array value) => value switch
    {
        byte[] b => b,
        float[] f => new ArrayMemoryManager<float>(f).Memory,
        double[] d => new ArrayMemoryManager<double>(d).Memory,
        int[] i => new ArrayMemoryManager<int>(i).Memory,
        long[] l => new ArrayMemoryManager<long>(l).Memory,
        _ => throw new ArgumentException($"{value.GetType().Name} is not a primitive array"),
    };
}
