namespace ActorNet.Rdd;

/// <summary>The untyped accumulator view used by task contexts and the driver's registry.</summary>
internal interface IAccumulator
{
    long Id { get; }

    IAccumulator CopyAndResetUntyped();

    void MergeUntyped(IAccumulator other);
}
