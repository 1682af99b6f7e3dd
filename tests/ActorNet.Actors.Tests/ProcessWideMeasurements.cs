namespace ActorNet.Actors.Tests;

/// <summary>
/// Tests that bound the whole test process's managed heap run alone: a test class running beside them allocates in the
/// same heap (a data-plane transfer moves hundreds of MB), which once pushed a hostile-frame campaign's bound over in CI.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeasurements
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process-wide measurements";
}
