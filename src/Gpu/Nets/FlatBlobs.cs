namespace ActorNet.Gpu;

/// <summary>
/// Several blobs seen as one flat float vector, each after the other (the net's learned parameters, the solver's
/// history): where each blob starts in it, once the vector is checked to hold exactly their floats.
/// </summary>
internal static class FlatBlobs
{
    /// <summary>Each of <paramref name="blobs"/> with its offset in a vector of <paramref name="vectorLength"/> floats.</summary>
    /// <exception cref="ArgumentException">The vector's length is not the blobs' total; <paramref name="mismatch"/> words it from that total.</exception>
    public static List<(Blob Blob, int Offset)> Layout(IReadOnlyCollection<Blob> blobs, int vectorLength, Func<int, string> mismatch)
    {
        int expected = blobs.Sum(b => b.Count);
        if (vectorLength != expected) throw new ArgumentException(mismatch(expected));
        var layout = new List<(Blob, int)>(blobs.Count);
        int offset = 0;
        foreach (var blob in blobs)
        {
            layout.Add((blob, offset));
            offset += blob.Count;
        }
        return layout;
    }
}
