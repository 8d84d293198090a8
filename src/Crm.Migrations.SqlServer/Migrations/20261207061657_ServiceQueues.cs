using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ServiceQueues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PreferredAgentId",
                table: "Service_Cases",
                type: "nvarchar(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "QueueId",
                table: "Service_Cases",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Service_AgentAvailability",
                columns: table => new
                {
                    AgentId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Presence = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    ChosenPresence = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    Capacity = table.Column<int>(type: "int", nullable: false),
                    ChangedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LastAssignedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_AgentAvailability", x => x.AgentId);
                });

            migrationBuilder.CreateTable(
                name: "Service_CustomerAgentPins",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    AgentId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Rank = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_CustomerAgentPins", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Service_Queues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Strategy = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    SupervisorId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    IsDefault = table.Column<bool>(type: "bit", nullable: false),
                    IsActive = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ModifiedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_Queues", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Service_QueueMembers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    QueueId = table.Column<long>(type: "bigint", nullable: false),
                    AgentId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_QueueMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Service_QueueMembers_Service_Queues_QueueId",
                        column: x => x.QueueId,
                        principalTable: "Service_Queues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Service_QueueRules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Position = table.Column<int>(type: "int", nullable: false),
                    QueueId = table.Column<long>(type: "bigint", nullable: false),
                    Category = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Keywords = table.Column<string>(type: "nvarchar(1020)", maxLength: 1020, nullable: false),
                    Channel = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_QueueRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Service_QueueRules_Service_Queues_QueueId",
                        column: x => x.QueueId,
                        principalTable: "Service_Queues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_QueueId_Status_LastActivityAtUtc",
                table: "Service_Cases",
                columns: new[] { "QueueId", "Status", "LastActivityAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_CustomerAgentPins_CustomerId_AgentId",
                table: "Service_CustomerAgentPins",
                columns: new[] { "CustomerId", "AgentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_QueueMembers_AgentId",
                table: "Service_QueueMembers",
                column: "AgentId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_QueueMembers_QueueId_AgentId",
                table: "Service_QueueMembers",
                columns: new[] { "QueueId", "AgentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_QueueRules_Position",
                table: "Service_QueueRules",
                column: "Position");

            migrationBuilder.CreateIndex(
                name: "IX_Service_QueueRules_QueueId",
                table: "Service_QueueRules",
                column: "QueueId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Queues_Name",
                table: "Service_Queues",
                column: "Name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Service_Cases_Service_Queues_QueueId",
                table: "Service_Cases",
                column: "QueueId",
                principalTable: "Service_Queues",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Service_Cases_Service_Queues_QueueId",
                table: "Service_Cases");

            migrationBuilder.DropTable(
                name: "Service_AgentAvailability");

            migrationBuilder.DropTable(
                name: "Service_CustomerAgentPins");

            migrationBuilder.DropTable(
                name: "Service_QueueMembers");

            migrationBuilder.DropTable(
                name: "Service_QueueRules");

            migrationBuilder.DropTable(
                name: "Service_Queues");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_QueueId_Status_LastActivityAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "PreferredAgentId",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "QueueId",
                table: "Service_Cases");
        }
    }
}
