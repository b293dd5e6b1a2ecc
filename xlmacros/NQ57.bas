Attribute VB_Name = "NQ57"
' nq57xl: the buttons of nq57xl.xlsm.
'
' Each button runs one Python handler of the module nq57xl.excel through xlwings'
' RunPython (module xlwings of this project). The Python side reads the inputs from
' the named cells, does the work and writes every message into the workbook.
'
' Every button macro has an error handler (ShowFailure): if RunPython itself fails (no
' Python, an antivirus that stops Excel from starting it: run-time error 70), the cursor
' and the status bar are given back and the result area says what to check.
'
' This file must stay ASCII (VBA source is stored as cp1252): every text the officer
' reads is in the workbook (cells, button captions, and the defined names nq_msg_*),
' never in this code.
Option Explicit

Public Sub TongHop()
    On Error GoTo Failed
    If Not PythonReady() Then Exit Sub
    RunPython "import nq57xl.excel; nq57xl.excel.consolidate_button()"
    Done
    Exit Sub
Failed:
    ShowFailure "TongHop", Err.Number, Err.Description
End Sub

Public Sub KiemTraDuLieu()
    On Error GoTo Failed
    If Not PythonReady() Then Exit Sub
    RunPython "import nq57xl.excel; nq57xl.excel.validate_button()"
    Done
    Exit Sub
Failed:
    ShowFailure "KiemTraDuLieu", Err.Number, Err.Description
End Sub

Public Sub TaoMauChoXa()
    On Error GoTo Failed
    If Not PythonReady() Then Exit Sub
    RunPython "import nq57xl.excel; nq57xl.excel.templates_button()"
    Done
    Exit Sub
Failed:
    ShowFailure "TaoMauChoXa", Err.Number, Err.Description
End Sub

Public Sub NapDanhSachXa()
    On Error GoTo Failed
    If Not PythonReady() Then Exit Sub
    RunPython "import nq57xl.excel; nq57xl.excel.roster_button()"
    Done
    Exit Sub
Failed:
    ShowFailure "NapDanhSachXa", Err.Number, Err.Description
End Sub

Public Sub SoanEmail()
    On Error GoTo Failed
    If Not PythonReady() Then Exit Sub
    RunPython "import nq57xl.excel; nq57xl.excel.email_button()"
    Done
    Exit Sub
Failed:
    ShowFailure "SoanEmail", Err.Number, Err.Description
End Sub

Public Sub GuiPhanHoiChoXa()
    On Error GoTo Failed
    If Not PythonReady() Then Exit Sub
    RunPython "import nq57xl.excel; nq57xl.excel.feedback_button()"
    Done
    Exit Sub
Failed:
    ShowFailure "GuiPhanHoiChoXa", Err.Number, Err.Description
End Sub

Public Sub SoanBaoCao()
    On Error GoTo Failed
    If Not PythonReady() Then Exit Sub
    RunPython "import nq57xl.excel; nq57xl.excel.report_button()"
    Done
    Exit Sub
Failed:
    ShowFailure "SoanBaoCao", Err.Number, Err.Description
End Sub

Public Sub ChonThuMucBaoCao()
    On Error GoTo Failed
    PickFolder "nq_thu_muc"
    Exit Sub
Failed:
    ShowFailure "ChonThuMucBaoCao", Err.Number, Err.Description
End Sub

Public Sub ChonNoiLuu()
    On Error GoTo Failed
    PickFolder "nq_noi_luu"
    Exit Sub
Failed:
    ShowFailure "ChonNoiLuu", Err.Number, Err.Description
End Sub

Public Sub ChonThuMucMau()
    On Error GoTo Failed
    PickFolder "nq_thu_muc_mau"
    Exit Sub
Failed:
    ShowFailure "ChonThuMucMau", Err.Number, Err.Description
End Sub

Public Sub ChonThuMucPhanHoi()
    On Error GoTo Failed
    PickFolder "nq_thu_muc_phan_hoi"
    Exit Sub
Failed:
    ShowFailure "ChonThuMucPhanHoi", Err.Number, Err.Description
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
    Set target = ResultArea()
    target.Value = NamedText(key)
    target.Offset(1, 0).Value = detail
    Application.Goto target
    Exit Sub
Fallback:
    MsgBox "nq57xl: " & key & vbCrLf & detail, vbExclamation
End Sub

' The error handler of every button: gives the cursor and the status bar back to Excel,
' then writes what failed and what to check (Python path, antivirus) into the result
' area. Its texts are the defined names nq_msg_failed*; the error itself is Excel's.
Private Sub ShowFailure(ByVal macro As String, ByVal number As Long, ByVal description As String)
    Dim target As Range, detail As String, interpreter As String
    On Error Resume Next
    Done
    detail = NamedText("nq_msg_failed_code") & " " & number & ": " & description & " (" & macro & ")"
    interpreter = GetConfig("INTERPRETER_WIN", "")
    On Error GoTo Fallback
    Set target = ResultArea()
    target.Value = NamedText("nq_msg_failed")
    target.Offset(1, 0).Value = detail
    target.Offset(2, 0).Value = NamedText("nq_msg_failed_python") & " " & interpreter
    target.Offset(3, 0).Value = NamedText("nq_msg_failed_antivirus")
    Application.Goto target
    Exit Sub
Fallback:
    MsgBox "nq57xl: " & macro & vbCrLf & "Error " & number & ": " & description, vbExclamation
End Sub

' The first cell of the result area, with the area below it cleared (six columns down to
' the last used row, as the Python side clears it).
Private Function ResultArea() As Range
    Dim target As Range, lastRow As Long
    Set target = ThisWorkbook.Names("nq_thong_bao").RefersToRange
    With target.Worksheet.UsedRange
        lastRow = .Row + .Rows.Count - 1
    End With
    If lastRow < target.Row Then lastRow = target.Row
    target.Worksheet.Range(target, target.Worksheet.Cells(lastRow, target.Column + 5)).ClearContents
    Set ResultArea = target
End Function

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
