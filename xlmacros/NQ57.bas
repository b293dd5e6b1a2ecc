Attribute VB_Name = "NQ57"
' nq57xl: the buttons of nq57xl.xlsm.
'
' Each button runs one Python handler of the module nq57xl.excel through xlwings'
' RunPython (module xlwings of this project). The Python side reads the inputs from
' the named cells, does the work and writes every message into the workbook.
'
' This file must stay ASCII (VBA source is stored as cp1252): every text the officer
' reads is in the workbook (cells, button captions, and the defined names nq_msg_*),
' never in this code.
Option Explicit

Public Sub TongHop()
    If Not PythonReady() Then Exit Sub
    RunPython "import nq57xl.excel; nq57xl.excel.consolidate_button()"
    Done
End Sub

Public Sub KiemTraDuLieu()
    If Not PythonReady() Then Exit Sub
    RunPython "import nq57xl.excel; nq57xl.excel.validate_button()"
    Done
End Sub

Public Sub TaoMauChoXa()
    If Not PythonReady() Then Exit Sub
    RunPython "import nq57xl.excel; nq57xl.excel.templates_button()"
    Done
End Sub

Public Sub NapDanhSachXa()
    If Not PythonReady() Then Exit Sub
    RunPython "import nq57xl.excel; nq57xl.excel.roster_button()"
    Done
End Sub

Public Sub SoanEmail()
    If Not PythonReady() Then Exit Sub
    RunPython "import nq57xl.excel; nq57xl.excel.email_button()"
    Done
End Sub

Public Sub GuiPhanHoiChoXa()
    If Not PythonReady() Then Exit Sub
    RunPython "import nq57xl.excel; nq57xl.excel.feedback_button()"
    Done
End Sub

Public Sub ChonThuMucBaoCao()
    PickFolder "nq_thu_muc"
End Sub

Public Sub ChonNoiLuu()
    PickFolder "nq_noi_luu"
End Sub

Public Sub ChonThuMucMau()
    PickFolder "nq_thu_muc_mau"
End Sub

Public Sub ChonThuMucPhanHoi()
    PickFolder "nq_thu_muc_phan_hoi"
End Sub

' True when the interpreter of xlwings.conf exists and its TEMP DIR exists (created
' if missing); otherwise the reason goes into the result area and the macro stops.
Private Function PythonReady() As Boolean
    Dim interpreter As String, tempDir As String
    PythonReady = False
    interpreter = GetConfig("INTERPRETER_WIN", "")
    If interpreter <> "" And interpreter <> "python" And interpreter <> "pythonw" Then
        If Not FileExists(interpreter) Then
            ShowNotice "nq_msg_no_python", interpreter
            Exit Function
        End If
    End If
    tempDir = GetConfig("TEMP DIR", "")
    If tempDir <> "" Then
        If Dir(tempDir, vbDirectory) = "" Then
            On Error Resume Next
            MkDir tempDir
            On Error GoTo 0
        End If
        If Dir(tempDir, vbDirectory) = "" Then
            ShowNotice "nq_msg_no_temp", tempDir
            Exit Function
        End If
    End If
    Application.StatusBar = NamedText("nq_msg_running")
    Application.Cursor = xlWait
    PythonReady = True
End Function

Private Sub Done()
    Application.Cursor = xlDefault
    Application.StatusBar = False
End Sub

' The text of a defined name that holds a string constant (="...").
Private Function NamedText(ByVal key As String) As String
    On Error Resume Next
    NamedText = CStr(Application.Evaluate(ThisWorkbook.Names(key).RefersTo))
End Function

' Writes a message (from a defined name) and a detail line into the result area.
Private Sub ShowNotice(ByVal key As String, ByVal detail As String)
    Dim target As Range
    On Error GoTo Fallback
    Set target = ThisWorkbook.Names("nq_thong_bao").RefersToRange
    target.Resize(3, 1).ClearContents
    target.Value = NamedText(key)
    target.Offset(1, 0).Value = detail
    Application.Goto target
    Exit Sub
Fallback:
    MsgBox "nq57xl: " & key & vbCrLf & detail, vbExclamation
End Sub

' Lets the officer choose a folder and writes its path into the named cell.
Private Sub PickFolder(ByVal key As String)
    Dim target As Range, current As String
    Set target = ThisWorkbook.Names(key).RefersToRange
    current = CStr(target.Value)
    With Application.FileDialog(4) ' msoFileDialogFolderPicker
        .AllowMultiSelect = False
        .Title = NamedText("nq_msg_pick")
        If current <> "" Then .InitialFileName = current & Application.PathSeparator
        If .Show = -1 Then target.Value = .SelectedItems(1)
    End With
End Sub
