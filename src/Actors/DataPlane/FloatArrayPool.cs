using System.Runtime.CompilerServices;

namespace ActorNet.DataPlane;

/// <summary>
/// Large float arrays kept for reuse, so the vector store's traffic (1 MiB slices, hundreds per round) does not map and
/// fault in fresh large-object-heap memory for every slice it sends or receives.
/// <para>
/// Two kinds of arrays come out of it. <see cref="Rent"/> hands out scratch owned by the caller, who gives it back with
/// <see cref="Return"/> when no one reads it any more. <see cref="RentReceived"/> is for the remoting layer: the float tails
/// of a record arrive in such arrays, and the array belongs to the message. Whoever consumes the message last may hand the
/// array back with <see cref="TryReturnReceived(float[])"/> or keep it for good with <see cref="TryAdoptReceived(float[])"/>. Both do nothing
/// for an array that did not arrive that way (e.g. a message delivered locally, whose array is the sender's), so a
/// consumer need not know where its message came from. An array nobody gives back is simply collected.
/// </para>
/// </summary>
internal static class FloatArrayPool
{
    /// <summary>Arrays shorter than this are not pooled (small arrays are cheap to allocate: they live in gen 0).</summary>
    public const int MinimumLength = 16 * 1024;

    // At most this many bytes wait in the pool per process; more given back are left to the collector.
    private const long MaximumPooledBytes = 256L * 1024 * 1024;

    // Free arrays by length: the store's slices are all one length but the last.
    private static readonly Dictionary<int, Stack<float[]>> Free = [];
    private static readonly Lock Gate = new();
    private static long _pooledBytes;

    // The received arrays not yet given back or adopted (weak: an array whose message is dropped is collected).
    private static readonly ConditionalWeakTable<float[], object> Received = [];
    private static readonly object Mark = new();

    /// <summary>An array of <paramref name="length"/> floats with undefined contents, owned by the caller.</summary>
    public static float[] Rent(int length)
    {
        if (length >= MinimumLength)
        {
            lock (Gate)
            {
                if (Free.TryGetValue(length, out var stack) && stack.TryPop(out var array))
                {
                    _pooledBytes -= (long)length * sizeof(float);
                    return array;
                }
            }
        }
        return GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>Gives back an array the caller owns and no one will read again (from <see cref="Rent"/> or anywhere else).</summary>
    public static void Return(float[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Length < MinimumLength) return;
        long bytes = (long)array.Length * sizeof(float);
        lock (Gate)
        {
            if (_pooledBytes + bytes > MaximumPooledBytes) return;
            if (!Free.TryGetValue(array.Length, out var stack)) Free[array.Length] = stack = new Stack<float[]>();
            stack.Push(array);
            _pooledBytes += bytes;
        }
    }

    /// <summary>An array for a float tail arriving with a message: the message's to give back (see the class remarks).</summary>
    public static float[] RentReceived(int length)
    {
        var array = Rent(length);
        if (length >= MinimumLength) Received.AddOrUpdate(array, Mark);
        return array;
    }

    /// <summary>
    /// Gives back <paramref name="array"/> if it arrived with a message (<see cref="RentReceived"/>) and was neither given back
    /// nor adopted yet; the caller reads it no more. Returns false, doing nothing, for any other array.
    /// </summary>
    public static bool TryReturnReceived(float[] array)
    {
        if (!Received.Remove(array)) return false;
        Return(array);
        return true;
    }

    /// <summary>As <see cref="TryReturnReceived(float[])"/> for a message's segment: only a whole received array goes back.</summary>
    public static bool TryReturnReceived(ArraySegment<float> segment) =>
        IsWhole(segment) && TryReturnReceived(segment.Array!);

    /// <summary>As <see cref="TryAdoptReceived(float[])"/> for a message's segment: only a whole received array is adopted (it is then <c>segment.Array</c>).</summary>
    public static bool TryAdoptReceived(ArraySegment<float> segment) =>
        IsWhole(segment) && TryAdoptReceived(segment.Array!);

    // Received arrays arrive whole; a segment of part of an array is a sender's vector, delivered on its own node.
    private static bool IsWhole(ArraySegment<float> segment) => segment.Array is { } array && segment.Offset == 0 && segment.Count == array.Length;

    /// <summary>
    /// Takes <paramref name="array"/> for good if it arrived with a message and is still the message's: true means the
    /// caller may keep and change it (no one else reads it); false means it must be copied instead.
    /// </summary>
    public static bool TryAdoptReceived(float[] array) => Received.Remove(array);
}
