using ActorNet.Actors.Remote;

namespace ActorNet.Actors.Serialization;

/// <summary>
/// A primitive array, or the run <paramref name="Offset"/>..+<paramref name="Count"/> of its elements, that a record sends
/// as a raw tail (see <see cref="ObjectSerializer.SerializeWithTails"/>): the transport writes its bytes straight from
/// the array. The receiver gets a whole array of <paramref name="Count"/> elements.
/// </summary>
/// <param name="Array">A byte, float, double, int or long array.</param>
/// <param name="Offset">The first element sent.</param>
/// <param name="Count">How many elements are sent.</param>
internal readonly record struct RawTail(Array Array, int Offset, int Count)
{
    /// <summary>The element type's manifest (as <see cref="RawArraySerializer"/> writes it).</summary>
    public string Manifest => new RawArraySerializer().Manifest(Array);

    /// <summary>The bytes of the run, a view of the array.</summary>
    public ReadOnlyMemory<byte> Bytes
    {
        get
        {
            int size = Array switch { byte[] => 1, float[] or int[] => 4, _ => 8 };
            return ArrayMemory.Of(Array).Slice(Offset * size, Count * size);
        }
    }
}
