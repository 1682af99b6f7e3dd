namespace ActorNet.Gpu;

/// <summary>
/// The solver's parameters as one flat vector (what distributed training pushes and pulls): the values and the
/// gradients of every learned blob the solver updates, in the order the solver visits them. A blob that shares
/// another's parameters (Caffe's named <c>param</c>) appears once, under its owner.
/// </summary>
public sealed partial class Net
{
    /// <summary>How many floats the solver's parameters hold in all.</summary>
    public int LearnedCount => learnable.Sum(p => p.Blob.Count);

    /// <summary>Copies the solver's parameter values into <paramref name="destination"/> (exactly <see cref="LearnedCount"/> floats).</summary>
    public void CopyLearnedData(Span<float> destination)
    {
        foreach (var (blob, offset) in LearnedBlobs(destination.Length)) blob.CopyDataTo(destination.Slice(offset, blob.Count));
    }

    /// <summary>Sets the solver's parameter values from <paramref name="source"/> (exactly <see cref="LearnedCount"/> floats).</summary>
    public void SetLearnedData(ReadOnlySpan<float> source)
    {
        foreach (var (blob, offset) in LearnedBlobs(source.Length)) blob.SetData(source.Slice(offset, blob.Count));
    }

    /// <summary>Copies the solver's parameter gradients into <paramref name="destination"/> (exactly <see cref="LearnedCount"/> floats).</summary>
    public void CopyLearnedDiff(Span<float> destination)
    {
        foreach (var (blob, offset) in LearnedBlobs(destination.Length)) blob.CopyDiffTo(destination.Slice(offset, blob.Count));
    }

    /// <summary>Sets the solver's parameter gradients from <paramref name="source"/> (exactly <see cref="LearnedCount"/> floats).</summary>
    public void SetLearnedDiff(ReadOnlySpan<float> source)
    {
        foreach (var (blob, offset) in LearnedBlobs(source.Length)) blob.SetDiff(source.Slice(offset, blob.Count));
    }

    // Each learned blob with its offset in the flat vector, after checking the vector's length.
    private List<(Blob Blob, int Offset)> LearnedBlobs(int vectorLength) =>
        FlatBlobs.Layout(learnable.Select(p => p.Blob).ToList(), vectorLength, expected => $"Net '{Name}' has {expected} learned values; the vector has {vectorLength}.");
}
