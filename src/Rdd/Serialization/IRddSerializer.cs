namespace ActorNet.Rdd;

/// <summary>
/// Turns RDD elements into bytes and back: used for shuffle files, serialized and on-disk cache levels,
/// checkpoints and copying zero values. Choose an implementation with the configuration key
/// <c>actornet:rdd:serializer</c> (an assembly-qualified type name with a public parameterless constructor);
/// the default is <see cref="BinaryRddSerializer"/>.
/// </summary>
public interface IRddSerializer
{
    /// <summary>Returns the codec for values of static type <typeparamref name="T"/>; implementations cache it.</summary>
    IRecordCodec<T> CodecFor<T>();
}

/// <summary>Writes and reads single values of one static type.</summary>
/// <typeparam name="T">The static type of the values.</typeparam>
public interface IRecordCodec<T>
{
    /// <summary>Appends <paramref name="value"/> to <paramref name="writer"/>.</summary>
    void Write(BinaryWriter writer, T value);

    /// <summary>Reads one value written by <see cref="Write"/>.</summary>
    T Read(BinaryReader reader);
}
