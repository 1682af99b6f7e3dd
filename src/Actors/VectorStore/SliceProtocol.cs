using MessagePack;

namespace ActorNet.VectorStore;

// What the store's data plane service ("vector-store") carries in its headers. The floats are the body: a push's delta
// or an initialization's value (followed by the rule state when there is one), a pull's slice, a claimed slice's state.

/// <summary>What a data plane request asks of a slice.</summary>
public enum SliceOp : byte
{
    /// <summary>Set the value (body: the value, then the rule state when <see cref="SliceRequest.WithRuleState"/>).</summary>
    Init = 1,
    /// <summary>Apply a rule to the value with the body as delta.</summary>
    Push = 2,
    /// <summary>Contribute the body to a synchronous step.</summary>
    PushAtStep = 3,
    /// <summary>Read the value.</summary>
    Pull = 4,
    /// <summary>Read the value once it has applied <see cref="SliceRequest.Version"/> steps.</summary>
    PullAtVersion = 5,
    /// <summary>Read the rule state.</summary>
    PullState = 6,
    /// <summary>Take a parked (handed-off) slice's whole state from the node it left.</summary>
    Claim = 7,
}

/// <summary>How a slice answered.</summary>
public enum SliceStatus : byte
{
    /// <summary>Done; a pull's value is the body.</summary>
    Ok = 0,
    /// <summary>No such entity on this node (its shard moved, or it never lived here): locate it again.</summary>
    NotHere = 1,
    /// <summary>The slice has no value (never initialized, removed, or lost with a node).</summary>
    NotInitialized = 2,
    /// <summary>The request is malformed for this slice (wrong length, unknown rule).</summary>
    BadRequest = 3,
    /// <summary>The request conflicts with the slice's state (a step other than its version).</summary>
    Conflict = 4,
    /// <summary>The entity did not answer within the request's wait (e.g. a pull waiting for a version).</summary>
    Unanswered = 5,
}

/// <summary>The header of a data plane request to a slice.</summary>
/// <param name="Op">What to do.</param>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
/// <param name="TotalLength">The whole vector's length (init and pushes; a wrong-sized push changes nothing).</param>
/// <param name="Rule">The update rule of a push.</param>
/// <param name="Step">A step push's step.</param>
/// <param name="Contributors">A step push's number of contributors.</param>
/// <param name="Contributor">A step push's contributor id, or −1.</param>
/// <param name="Version">The version a pull waits for.</param>
/// <param name="WaitMilliseconds">How long the serving node waits for the entity's answer before answering <see cref="SliceStatus.Unanswered"/>.</param>
/// <param name="WithRuleState">An init's body holds the rule state after the value.</param>
[MessagePackObject]
public sealed record SliceRequest(
    [property: Key(0)] SliceOp Op,
    [property: Key(1)] string Key,
    [property: Key(2)] int Slice,
    [property: Key(3)] int TotalLength = 0,
    [property: Key(4)] string? Rule = null,
    [property: Key(5)] long Step = 0,
    [property: Key(6)] int Contributors = 0,
    [property: Key(7)] int Contributor = -1,
    [property: Key(8)] long Version = 0,
    [property: Key(9)] int WaitMilliseconds = 0,
    [property: Key(10)] bool WithRuleState = false);

/// <summary>The header of a slice's answer.</summary>
/// <param name="Status">How it went.</param>
/// <param name="Error">What went wrong, for any status but <see cref="SliceStatus.Ok"/>.</param>
/// <param name="TotalLength">The whole vector's length (pulls and claims).</param>
/// <param name="Version">A claimed slice's version.</param>
/// <param name="StepCount">A claimed slice's contributions to its open step.</param>
/// <param name="StepContributors">A claimed slice's identified contributors to its open step.</param>
/// <param name="HasStepSum">A claim's body holds the open step's sum after the value.</param>
/// <param name="HasRuleState">A claim's body holds the rule state last.</param>
[MessagePackObject]
public sealed record SliceResponse(
    [property: Key(0)] SliceStatus Status,
    [property: Key(1)] string? Error = null,
    [property: Key(2)] int TotalLength = 0,
    [property: Key(3)] long Version = 0,
    [property: Key(4)] int StepCount = 0,
    [property: Key(5)] int[]? StepContributors = null,
    [property: Key(6)] bool HasStepSum = false,
    [property: Key(7)] bool HasRuleState = false);

/// <summary>Headers to and from bytes.</summary>
internal static class SliceCodec
{
    /// <summary>The data plane service name of the store.</summary>
    public const string Service = "vector-store";

    // Headers come from peers: bounded depth and collision-safe maps.
    private static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    public static byte[] Write<T>(T header) => MessagePackSerializer.Serialize(header, Options);

    /// <exception cref="InvalidDataException">The bytes are not a <typeparamref name="T"/>.</exception>
    public static T Read<T>(ReadOnlyMemory<byte> bytes) where T : class
    {
        try
        {
            return MessagePackSerializer.Deserialize<T>(bytes, Options) ?? throw new InvalidDataException($"empty {typeof(T).Name} header");
        }
        catch (MessagePackSerializationException error)
        {
            throw new InvalidDataException($"malformed vector store {typeof(T).Name} header: {error.Message}", error);
        }
    }

    /// <summary>The entity id of a slice ("key#slice").</summary>
    public static string SliceId(string key, int slice) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{key}#{slice}");
}
