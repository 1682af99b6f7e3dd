namespace ActorNet.Configuration;

/// <summary>Where a piece of HOCON text came from, kept on every node so late errors can point at it.</summary>
internal readonly record struct HoconPosition(string Source, int Line, int Column)
{
    public HoconException Error(string problem) => new(Source, Line, Column, problem);

    public override string ToString() => $"{Source}:{Line}:{Column}";
}
