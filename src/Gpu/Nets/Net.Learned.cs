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
        CheckLearnedLength(destination.Length);
        int offset = 0;
        foreach (var p in learnable)
        {
            p.Blob.CopyDataTo(destination.Slice(offset, p.Blob.Count));
            offset += p.Blob.Count;
        }
    }

    /// <summary>Sets the solver's parameter values from <paramref name="source"/> (exactly <see cref="LearnedCount"/> floats).</summary>
    public void SetLearnedData(ReadOnlySpan<float> source)
    {
        CheckLearnedLength(source.Length);
        int offset = 0;
        foreach (var p in learnable)
        {
            p.Blob.SetData(source.Slice(offset, p.Blob.Count));
            offset += p.Blob.Count;
        }
    }

    /// <summary>Copies the solver's parameter gradients into <paramref name="destination"/> (exactly <see cref="LearnedCount"/> floats).</summary>
    public void CopyLearnedDiff(Span<float> destination)
    {
        CheckLearnedLength(destination.Length);
        int offset = 0;
        foreach (var p in learnable)
        {
            p.Blob.CopyDiffTo(destination.Slice(offset, p.Blob.Count));
            offset += p.Blob.Count;
        }
    }

    /// <summary>Sets the solver's parameter gradients from <paramref name="source"/> (exactly <see cref="LearnedCount"/> floats).</summary>
    public void SetLearnedDiff(ReadOnlySpan<float> source)
    {
        CheckLearnedLength(source.Length);
        int offset = 0;
        foreach (var p in learnable)
        {
            p.Blob.SetDiff(source.Slice(offset, p.Blob.Count));
            offset += p.Blob.Count;
        }
    }

    private void CheckLearnedLength(int length)
    {
        int expected = LearnedCount;
        if (length != expected)
        {
            throw new ArgumentException($"Net '{Name}' has {expected} learned values; the vector has {length}.");
        }
    }
}
