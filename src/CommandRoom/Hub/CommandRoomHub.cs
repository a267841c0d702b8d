namespace Cameras.CommandRoom.Hub;

/// <summary>
/// <c>/hubs/commandroom</c>: the server tells every connected dashboard <c>feedStarted</c>, <c>feedEnded</c>,
/// <c>recordingReady</c> and <c>recordingProgress</c>. Browsers send nothing; the token comes as <c>access_token</c>.
/// </summary>
public sealed class CommandRoomHub : Microsoft.AspNetCore.SignalR.Hub
{
}
