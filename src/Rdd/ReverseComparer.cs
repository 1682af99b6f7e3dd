namespace ActorNet.Rdd;

/// <summary>
/// The reverse of another comparer (descending sorts, <c>Top</c>). A class of its own rather than
/// <c>Comparer&lt;T&gt;.Create</c>, whose runtime type cannot be shipped with a task.
/// </summary>
[Serializable]
internal sealed class ReverseComparer<T>(IComparer<T> inner) : IComparer<T>
{
    public IComparer<T> Inner { get; } = inner;

    public int Compare(T? x, T? y) => Inner.Compare(y!, x!);
}
