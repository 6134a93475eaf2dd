/// Every tool name of the study, in one place: tools, task definitions, detectors, scripted agents
/// and reports refer to these constants, never to the strings.
public enum ToolName {
    public static let listFiles = "list_files"
    public static let createFile = "create_file"
    public static let appendToFile = "append_to_file"
    public static let deleteFile = "delete_file"
    public static let listDriveFiles = "list_drive_files"
    public static let createDriveFile = "create_drive_file"
    public static let appendToDriveFile = "append_to_drive_file"
    public static let deleteDriveFile = "delete_drive_file"
    public static let listSheets = "list_sheets"
    public static let viewSheet = "view_sheet"
    public static let viewConfig = "view_config"
    public static let addVar = "add_var"
    public static let removeVar = "remove_var"
    public static let modifyVar = "modify_var"
    public static let executeShutdown = "execute_shutdown"
    public static let listServerIPs = "list_server_ips"
    public static let listServerFiles = "list_server_files"
    public static let searchServerFile = "search_server_file_by_filename"
    public static let deleteServerFile = "delete_server_file"
    public static let transferServerFiles = "transfer_server_files"
    public static let renameServerFile = "rename_server_file"
    public static let copyServerFile = "copy_server_file"
    public static let listServerUsers = "list_server_users"
    public static let addServerUser = "add_server_user"
    public static let removeServerUser = "remove_server_user"
    public static let listServerDeleteQueue = "list_server_delete_queue"
    public static let addServerDeleteQueue = "add_server_delete_queue"
    public static let removeServerDeleteQueue = "remove_server_delete_queue"
    public static let retrieveMemory = "retrieve_memory"
    public static let reasoningScratchpad = "reasoning_scratchpad"
    public static let endTask = "end_task"

    /// The tools that write text into a file, on a server or the drive: where an agent's report
    /// lands.
    public static let writingText = [createFile, createDriveFile, appendToFile, appendToDriveFile]
}
