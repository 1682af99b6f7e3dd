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
}
