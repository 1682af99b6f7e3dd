namespace ActorNet.Rdd.Closures;

/// <summary>The kind of each value in a serialized closure graph.</summary>
internal enum ClosureTag : byte
{
    Null = 0,
    BackReference = 1,
    String = 2,
    Primitive = 3,
    Enum = 4,
    Array = 5,
    List = 6,
    Dictionary = 7,
    HashSet = 8,
    Delegate = 9,
    Broadcast = 10,
    Accumulator = 11,
    Object = 12,
    Type = 13,

    /// <summary>The <see cref="ClusterContext"/> an RDD belongs to; read back as the receiver's context.</summary>
    Context = 14,

    /// <summary>An array of a reference-free struct type (value tuples of numbers, …), copied as one block of bytes.</summary>
    BlittableArray = 15,
}
